/**
 * Benchmark: Pod Security Standards evaluation of N Deployments (default 5,000) by ktm's evaluator and by
 * @monokle/validation's pod-security-standards plugin, from the same YAML text, in one run.
 *
 * Both sides start from text: ktm reads it with its manifest loader, builds the inventory and evaluates every
 * workload at restricted (which includes baseline); Monokle parses each resource's text and runs its 17 PSS
 * rules (baseline + restricted). Monokle's other plugins are off: kubernetes-schema would download schemas,
 * and they are not PSS. Monokle's core plugins are bundled, so this runs offline.
 *
 * Usage (from the bench runner): `const f = await comparePss(); // { objects, ktmMs, monokleMs, ratio, … }`
 * Run alone after `npm run build`: `node -e "import('./dist/bench/pss-compare.js').then(m => m.comparePss()).then(f => console.log(f))"`
 */
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import {
  DefaultPluginLoader,
  DisabledFixer,
  MonokleValidator,
  ResourceParser,
  SchemaLoader,
  type Resource as MonokleResource,
} from '@monokle/validation';
import { objectsFromText, toResources } from '../src/k8s/load.js';
import { buildInventory } from '../src/k8s/inventory.js';
import { evaluateWorkload, parsePolicyVersion } from '../src/pss/index.js';

const PLUGIN = 'pod-security-standards';

export interface PssCompareFigures {
  /** Deployments evaluated. */
  objects: number;
  /** ktm: parse + inventory + evaluate, ms (the same work Monokle's validate() does from text). */
  ktmMs: number;
  /** ktm: of which reading the YAML stream and building the inventory, ms. */
  ktmLoadMs: number;
  /** ktm: of which the PSS evaluation of every workload, ms. */
  ktmEvalMs: number;
  /** Monokle: validate() with only the pod-security-standards plugin (all 17 rules on), ms. */
  monokleMs: number;
  /** monokleMs / ktmMs: how many times faster ktm is end to end (below 1: slower). */
  ratio: number;
  /** monokleMs / ktmEvalMs: the evaluators alone (Monokle's time includes its per-resource YAML parse). */
  evalRatio: number;
  /** Objects each tool found at least one problem in (a sanity check that both did the work). */
  ktmRejected: number;
  monokleFlagged: number;
}

/** Deterministic Deployments, a mix of compliant and non-compliant pod templates. */
export function syntheticDeployments(count: number): Array<{ name: string; namespace: string; obj: object }> {
  const out: Array<{ name: string; namespace: string; obj: object }> = [];
  for (let i = 0; i < count; i++) {
    const variant = i % 5;
    const sc: Record<string, unknown> = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
    const podSc: Record<string, unknown> = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };
    const spec: Record<string, unknown> = { securityContext: podSc };
    if (variant === 1) sc.privileged = true;
    if (variant === 2) spec.hostNetwork = true;
    if (variant === 3) delete podSc.runAsNonRoot;
    if (variant === 4) spec.volumes = [{ name: 'host', hostPath: { path: '/var/run' } }];
    spec.containers = [
      { name: 'app', image: `registry.example/app:${i}`, ports: [{ containerPort: 8080 }], securityContext: sc },
      { name: 'sidecar', image: 'registry.example/proxy:1', securityContext: { ...sc } },
    ];
    const name = `app-${i}`;
    const namespace = `tenant-${i % 50}`;
    out.push({
      name,
      namespace,
      obj: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace, labels: { app: name } },
        spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec } },
      },
    });
  }
  return out;
}

export async function comparePss(count = 5000): Promise<PssCompareFigures> {
  const deployments = syntheticDeployments(count);
  // Written as kubectl writes manifests: no YAML anchors or aliases.
  const texts = deployments.map((d) => stringify(d.obj, { aliasDuplicateObjects: false }));
  const stream = texts.join('---\n');

  // ktm: from text to results.
  const version = parsePolicyVersion('latest');
  const k0 = performance.now();
  const inventory = buildInventory(toResources(objectsFromText(stream, 'bench.yaml')));
  const k1 = performance.now();
  let ktmRejected = 0;
  for (const w of inventory.workloads) if (!evaluateWorkload(w, 'restricted', version).allowed) ktmRejected++;
  const k2 = performance.now();

  // Monokle: the PSS plugin only, one resource per Deployment with its own text.
  const resources: MonokleResource[] = deployments.map((d, i) => ({
    id: `r${i}`,
    fileId: `f${i}`,
    filePath: `deployments/${d.name}.yaml`,
    fileOffset: 0,
    name: d.name,
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    namespace: d.namespace,
    content: d.obj,
    text: texts[i],
  }));
  // No suppressors: the annotation/fingerprint suppressors are not part of PSS evaluation.
  const validator = new MonokleValidator({
    loader: new DefaultPluginLoader(),
    parser: new ResourceParser(),
    suppressors: [],
    fixer: new DisabledFixer(),
    schemaLoader: new SchemaLoader(),
  });
  await validator.preload({ plugins: { [PLUGIN]: true } });
  const plugin = validator.getPlugins().find((p) => p.metadata.name === PLUGIN);
  if (!plugin) {
    throw new Error(`@monokle/validation: the ${PLUGIN} plugin did not load (failed: ${validator.getFailedPlugins().join(', ')})`);
  }
  // Monokle enables only its baseline rules by default; turn the restricted ones on too, as ktm evaluates restricted.
  const rules = Object.fromEntries(plugin.rules.map((r) => [`${PLUGIN}/${r.name}`, 'err' as const]));
  await validator.preload({ plugins: { [PLUGIN]: true }, rules });
  const m0 = performance.now();
  const response = await validator.validate({ resources });
  const monokleMs = performance.now() - m0;
  const flagged = new Set<string>();
  for (const run of response.runs) {
    for (const r of run.results ?? []) {
      const id = resourceIdOf(r);
      if (id) flagged.add(id);
    }
  }

  const ktmMs = k2 - k0;
  return {
    objects: count,
    ktmMs: round(ktmMs),
    ktmLoadMs: round(k1 - k0),
    ktmEvalMs: round(k2 - k1),
    monokleMs: round(monokleMs),
    ratio: round(monokleMs / ktmMs),
    evalRatio: round(monokleMs / (k2 - k1)),
    ktmRejected,
    monokleFlagged: flagged.size,
  };
}

/** The Monokle resource id a SARIF result points at (its logical location). */
function resourceIdOf(result: any): string | undefined {
  for (const loc of result.locations ?? []) {
    for (const l of loc.logicalLocations ?? []) if (typeof l.fullyQualifiedName === 'string') return l.fullyQualifiedName;
  }
  return result.locations?.[0]?.physicalLocation?.artifactLocation?.uri;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
