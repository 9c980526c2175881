/**
 * Harden proves it breaks nothing: the cluster plus ktm's objects is evaluated with the reach engine, and every
 * required flow (src/netpol/required-flows.ts) that held before must still hold. Where one of ktm's policies cuts a
 * flow, ktm adds the allow (a NetworkPolicy naming the flow); where that cannot help (an AdminNetworkPolicy or Admin-tier
 * ClusterNetworkPolicy deny wins over NetworkPolicy allows), the cutting object is left out and a manual step says so. Flows the cluster's own
 * policies already cut are reported as manual steps too (the audit's KTM-NET-008).
 */
import type { Inventory, K8sObject, Resource } from '../k8s/types.js';
import { toResources } from '../k8s/load.js';
import { extendInventory } from '../k8s/inventory.js';
import { alreadyPresent } from './already-present.js';
import { readKnativeConfig } from '../k8s/knative-config.js';
import { Engine } from '../netpol/engine.js';
import { detectCni } from '../k8s/cni.js';
import { requiredFlows, type FlowEnd, type RequiredFlow } from '../netpol/required-flows.js';
import { checkFlows, policyRef, type FlowResult } from '../netpol/flow-check.js';
import { policyIdOf } from '../netpol/policy.js';
import { MANAGED_BY, type GeneratedObject, type HardenOptions, type ManualStep } from './types.js';

export interface FlowProof {
  id: string;
  /** `holds` (before and after), `repaired` (ktm added an allow), `cut-by-cluster` (already cut before ktm). */
  status: 'holds' | 'repaired' | 'left-out' | 'cut-by-cluster';
  why: string;
  source: string;
  ports: string[];
  pairs: number;
  detail: string;
  assumption?: string;
}

const NS_NAME = 'kubernetes.io/metadata.name';

/**
 * The cluster with ktm's objects applied. toResources mutates only `metadata` (label and annotation values made
 * strings, the namespace filled in), so only that is copied: the written objects keep their own metadata, and the
 * bodies (spec, data, rules …), which nothing downstream mutates, are shared instead of cloned.
 */
export function withObjects(before: Inventory, objects: GeneratedObject[]): Inventory {
  const raw = objects.map((g, i) => ({ obj: withOwnMetadata(g.object), source: { file: 'ktm-harden', line: i + 1 } }));
  const added: Resource[] = toResources(raw);
  return extendInventory(before, added);
}

function withOwnMetadata(o: K8sObject): K8sObject {
  const { labels, annotations } = o.metadata;
  return {
    ...o,
    metadata: { ...o.metadata, ...(labels ? { labels: { ...labels } } : {}), ...(annotations ? { annotations: { ...annotations } } : {}) },
  };
}

/** One evaluation of the required flows; the inventory and its Engine are returned for reuse (residual audit). */
interface Evaluation {
  inventory: Inventory;
  engine: Engine;
  flows: RequiredFlow[];
  results: Map<string, FlowResult>;
}

function evaluate(inv: Inventory, options: HardenOptions): Evaluation {
  const flows = requiredFlows(inv, readKnativeConfig(inv), { apiserverCidr: options.apiserverCidr });
  const engine = new Engine(inv, { cni: detectCni(inv, options.cni) });
  const results = new Map(checkFlows(inv, flows, 'prove', engine).map((r) => [r.flow.id, r]));
  return { inventory: inv, engine, flows, results };
}

/** The cluster with ktm's objects, leaving out those it already holds unchanged (see already-present.ts). */
const evaluateWith = (before: Inventory, objects: GeneratedObject[], options: HardenOptions) =>
  evaluate(withObjects(before, objects.filter((g) => !alreadyPresent(before, g.object))), options);

const peerOf = (end: FlowEnd): Record<string, unknown>[] => {
  if (end.kind === 'pods') return [{ namespaceSelector: { matchLabels: { [NS_NAME]: end.namespace } }, podSelector: end.selector }];
  if (end.kind === 'address') return [{ ipBlock: { cidr: end.cidr } }];
  return (end.cidrs?.length ? end.cidrs : ['0.0.0.0/0']).map((cidr) => ({ ipBlock: { cidr } }));
};

/** A name for the allow policy, unique per flow and short enough for Kubernetes (63 characters). */
function policyName(flow: RequiredFlow, side: 'ingress' | 'egress', n: number): string {
  const base = `ktm-required-${flow.family}`.slice(0, 50);
  return `${base}-${side === 'ingress' ? 'in' : 'out'}-${n}`;
}

/** NetworkPolicies that re-open a cut flow on the side(s) that cut it. */
function repairs(flow: RequiredFlow, result: FlowResult, counter: Map<string, number>): GeneratedObject[] {
  const out: GeneratedObject[] = [];
  const ports = flow.ports.map((p) => ({ protocol: p.protocol, port: p.port }));
  for (const side of ['ingress', 'egress'] as const) {
    if (!result.breaks.some((b) => b.side === side)) continue;
    const subject = side === 'ingress' ? flow.to : flow.from;
    const remote = side === 'ingress' ? flow.from : flow.to;
    if (subject.kind !== 'pods') continue;
    const key = `${subject.namespace}/${flow.family}/${side}`;
    const n = (counter.get(key) ?? 0) + 1;
    counter.set(key, n);
    const rule = side === 'ingress' ? { from: peerOf(remote), ports } : { to: peerOf(remote), ports };
    out.push({
      concern: 'network-policies',
      object: {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: policyName(flow, side, n), namespace: subject.namespace, labels: { ...MANAGED_BY } },
        spec: { podSelector: subject.selector, policyTypes: [side === 'ingress' ? 'Ingress' : 'Egress'], [side]: [rule] },
      },
      fixes: [],
      rule: 'tenancy-hardening',
      reason: `required flow ${flow.from.text} → ${flow.to.text} (${flow.ports.map((p) => `${p.protocol} ${p.port}`).join(', ')}) stays open: ${flow.why}`,
    });
  }
  return out;
}

/** The engine's policy id as findings name resources (`Kind/namespace/name`). */
function policyResource(id: string): string {
  const r = policyRef(id);
  return `${r.kind}/${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
}

function describeBreaks(r: FlowResult): string {
  const b = r.breaks[0];
  if (!b) return `${r.pairs} pair(s) checked`;
  const more = r.breaks.length > 1 ? ` (and ${r.breaks.length - 1} more)` : '';
  return `${b.from} → ${b.to} ${b.ports.join(', ')} cut on ${b.side}${b.by.length ? ` by ${b.by.join(', ')}` : ''}${more}`;
}

/** Proves the required flows on cluster + objects; returns the objects to write (repairs added, cutters left out). */
export function proveRequiredFlows(
  before: Inventory,
  objects: GeneratedObject[],
  options: HardenOptions,
): { objects: GeneratedObject[]; manual: ManualStep[]; proofs: FlowProof[]; after: { inventory: Inventory; engine: Engine } } {
  const manual: ManualStep[] = [];
  // The cluster as it is matters only for flows that do not hold after (ktm's cut or the cluster's own?): evaluated
  // on the first such flow, and not at all when every flow holds (one Engine over the whole cluster saved).
  let priorResults: Map<string, FlowResult> | undefined;
  const prior = (id: string) => (priorResults ??= evaluate(before, options).results).get(id);
  let current = objects;
  let after = evaluateWith(before, current, options);
  const counter = new Map<string, number>();
  const repaired = new Set<string>();
  const added: GeneratedObject[] = [];
  for (const flow of after.flows) {
    const r = after.results.get(flow.id)!;
    if (r.holds) continue;
    const was = prior(flow.id);
    if (was && !was.holds) continue; // the cluster's own cut: reported below, not ktm's to hide
    added.push(...repairs(flow, r, counter));
    repaired.add(flow.id);
  }
  if (added.length) {
    current = [...current, ...added];
    after = evaluateWith(before, current, options);
  }
  // Still cut after the allow: an admin-tier deny of ktm's own wins; leave those objects out.
  const leftOut = new Set<string>();
  for (const flow of after.flows) {
    const r = after.results.get(flow.id)!;
    if (r.holds) continue;
    const was = prior(flow.id);
    if (was && !was.holds) continue;
    for (const b of r.breaks) for (const p of b.by) leftOut.add(p);
  }
  // NetworkPolicies are never left out: a NetworkPolicy allow re-opens what another one cuts (repaired above).
  const isLeftOut = (g: GeneratedObject) => {
    const o = g.object;
    const id = policyIdOf(o.kind, o.metadata.namespace, o.metadata.name);
    return id !== undefined && leftOut.has(id) && o.kind !== 'NetworkPolicy';
  };
  const dropped = current.filter(isLeftOut);
  if (dropped.length) {
    current = current.filter((g) => !isLeftOut(g));
    after = evaluateWith(before, current, options);
    manual.push({
      fixes: [...new Set(dropped.flatMap((g) => g.fixes))].sort(),
      rule: 'tenancy-hardening',
      text: `Left out because they would cut flows the system needs, which no NetworkPolicy can re-open: ${dropped.map((g) => `${g.object.kind} ${g.object.metadata.name}`).join(', ')}. Write them by hand with an Allow for those flows placed before the deny.`,
      resources: dropped.map((g) => `${g.object.kind}/${g.object.metadata.name}`),
    });
  }
  const proofs: FlowProof[] = [];
  for (const flow of after.flows) {
    const r = after.results.get(flow.id)!;
    const was = r.holds ? undefined : prior(flow.id);
    const status: FlowProof['status'] = was && !was.holds && !r.holds ? 'cut-by-cluster' : !r.holds ? 'left-out' : repaired.has(flow.id) ? 'repaired' : 'holds';
    proofs.push({
      id: flow.id,
      status,
      why: flow.why,
      source: flow.source,
      ports: flow.ports.map((p) => `${p.protocol} ${p.port}`),
      pairs: r.pairs,
      detail: describeBreaks(r),
      ...(r.assumption ? { assumption: r.assumption } : {}),
    });
    if (status === 'cut-by-cluster') {
      manual.push({
        fixes: ['KTM-NET-008'],
        rule: 'tenancy-hardening',
        text: `The cluster's own policies already cut a flow the system needs (${flow.id}): ${describeBreaks(r)}. ${flow.why}. Allow it in those policies; ktm does not rewrite them.`,
        resources: [...new Set(r.breaks.flatMap((b) => b.by))].sort().map(policyResource),
      });
    } else if (status === 'left-out') {
      manual.push({ fixes: ['KTM-NET-008'], rule: 'tenancy-hardening', text: `Could not keep ${flow.id} open: ${describeBreaks(r)}. ${flow.why}.` });
    }
  }
  return { objects: current, manual, proofs, after: { inventory: after.inventory, engine: after.engine } };
}
