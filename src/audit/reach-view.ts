/**
 * What the network checks need from the reachability engine, as a small interface. reach-adapter.ts implements it over
 * src/netpol (the engine); tests and the checks depend only on this.
 */
import type { FlowResult } from '../netpol/flow-check.js';
import type { RequiredFlow } from '../netpol/required-flows.js';

export type PathKind = 'direct' | 'via-activator' | 'via-gateway' | 'via-broker';
export const PATH_KINDS: readonly PathKind[] = ['direct', 'via-activator', 'via-gateway', 'via-broker'];

export type SystemTarget = 'autoscaler-stats' | 'profiling' | 'metrics' | 'webhook' | 'controller';

export interface SystemReach {
  target: SystemTarget;
  /** `namespace/workload` of the system component reached. */
  component: string;
  port: number;
  /** Source workload `namespace/name` in the tenant namespace. */
  from: string;
  hops: string[];
}

/** The sources of one destination by one kind of path: how many namespaces, and the first SOURCE_SAMPLE by name. */
export interface Sources {
  count: number;
  first: readonly string[];
}
export const SOURCE_SAMPLE = 5;

export interface ReachView {
  /** Every kind of path by which some pod of tenant `from` reaches some pod of tenant `to` (empty = none). */
  kinds(from: string, to: string): PathKind[];
  /**
   * For one destination tenant: the other namespaces (among `among`) that reach it, by kind of path — how many, and
   * the first few by name. Counted for every destination in one pass on first call (never a list per namespace pair:
   * at 10,000 tenants there can be 10⁷ of them), so a check can ask for each tenant in constant time.
   */
  sourcesOf(to: string, among: readonly string[]): Map<PathKind, Sources>;
  /** One example path of that kind, as hops. */
  path(from: string, to: string, kind: PathKind): string[];
  /** Reach from a namespace's pods to system components (autoscaler stats, profiling, metrics, webhook, controller). */
  systemReach(from: string): SystemReach[];
  /** A workload of the namespace that reaches the address on some port, with hops; undefined = none does. */
  reachesAddress(from: string, address: string): { from: string; hops: string[] } | undefined;
  /** Whether a flow the installed system needs gets through the cluster's policies, as evidence (src/netpol/flow-check.ts). */
  checkFlow(flow: RequiredFlow): FlowResult;
  /**
   * Namespace × namespace matrix for the heat map: `cells` the strongest kind (or `none`), `kinds` every kind a cell
   * has (strongest first, [] for none).
   */
  matrix(namespaces: string[]): { cells: Record<string, Record<string, string>>; kinds: Record<string, Record<string, string[]>> };
}
