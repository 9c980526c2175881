/**
 * A small threat model for the review engine's tests, built from the schema types: an internet client, a shared
 * gateway that forwards for callers, a per-tenant app. Tests add the parts they need.
 */
import { ThreatModelSchema, type ThreatModel } from '../../src/model/schema.js';
import { FeatureDesignSchema, type LoadedDesign } from '../../src/review/design.js';

export const quote = { kind: 'guidance' as const, section: 's', quote: 'q' };

export function miniModel(extra: { boundaries?: unknown[]; components?: unknown[]; flows?: unknown[]; clauses?: unknown[]; attackGoals?: unknown[] } = {}): ThreatModel {
  return ThreatModelSchema.parse({
    apiVersion: 'ktm/v1',
    kind: 'ThreatModel',
    metadata: { id: 'mini', title: 'Mini', version: '1', status: 'custom', source: { title: 't' } },
    tenancy: [
      { id: 'cluster', name: 'Cluster', description: '', status: 'supported' },
      { id: 'namespace', name: 'Namespaces', description: '', status: 'supported' },
    ],
    actors: [{ id: 'dev', name: 'Dev', privilege: 'workload', trusted: false, description: '' }],
    assets: [],
    trustBoundaries: [
      { id: 'internet', name: 'Internet', description: '' },
      { id: 'system', name: 'System', description: '' },
      { id: 'tenant', name: 'Tenant', description: '', perTenant: true },
      ...(extra.boundaries ?? []),
    ],
    components: [
      { id: 'client', name: 'Client', kind: 'external', boundary: 'internet', shared: false, description: '' },
      { id: 'gw', name: 'Gateway', kind: 'gateway', namespace: 'ingress', boundary: 'system', shared: true, forwardsForCaller: true, description: '' },
      { id: 'app', name: 'App', kind: 'workload', namespace: '<tenant>', boundary: 'tenant', shared: false, description: '' },
      ...(extra.components ?? []),
    ],
    dataFlows: [
      { id: 'client-gw', from: 'client', to: 'gw', protocol: 'HTTP', description: '', authenticated: false, destinationChosenBy: 'caller' },
      { id: 'gw-app', from: 'gw', to: 'app', protocol: 'HTTP', description: '', authenticated: false, destinationChosenBy: 'caller' },
      ...(extra.flows ?? []),
    ],
    assumptions: [],
    attackGoals: extra.attackGoals ?? [],
    clauses: [{ id: 'c.filter', rule: 'shared-component-filtering', ...quote }, { id: 'c.ns', rule: 'namespace-isolation-goal', ...quote }, ...(extra.clauses ?? [])],
  });
}

export function design(extra: Record<string, unknown>): LoadedDesign {
  const d = FeatureDesignSchema.parse({ apiVersion: 'ktm/v1', kind: 'FeatureDesign', name: 'x', model: 'mini', ...extra });
  return { design: d, file: 'design.yaml', doc: { value: d, index: 0, locate: () => undefined } };
}
