/**
 * Audit benchmark: `ktm audit` (all checks, all tenancy models, knative-2021) over the synthetic multi-tenant cluster
 * of bench/generate.ts. Run by bench/run.ts as the cases `audit-inprocess-<N>ns` (`--only audit-inprocess`).
 */
import { performance } from 'node:perf_hooks';
import { runAudit } from '../src/audit/index.js';
import { buildInventory } from '../src/k8s/inventory.js';
import { toResources } from '../src/k8s/load.js';
import { loadModel } from '../src/model/loader.js';
import { generateCluster, type GenerateOptions } from './generate.js';

export interface AuditBenchFigures {
  namespaces: number;
  workloads: number;
  /** Time of the audit itself (inventory built beforehand). */
  ms: number;
  inventoryMs: number;
  /** Peak RSS of the process so far, MiB. */
  rssMb: number;
  findings: number;
  verdicts: Record<string, string>;
}

export function auditBench(shape: GenerateOptions = { namespaces: 2000 }): AuditBenchFigures {
  const objs = generateCluster(shape);
  const t0 = performance.now();
  const inv = buildInventory(toResources(objs.map((obj) => ({ obj, source: { file: 'bench' } }))));
  const inventoryMs = performance.now() - t0;
  const model = loadModel('knative-2021');
  const t1 = performance.now();
  const r = runAudit(inv, { model, tenancy: ['cluster', 'namespace', 'control-plane'] });
  const ms = performance.now() - t1;
  return {
    namespaces: shape.namespaces,
    workloads: inv.workloads.length,
    ms: Math.round(ms),
    inventoryMs: Math.round(inventoryMs),
    rssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    findings: r.findings.length,
    verdicts: r.verdicts as Record<string, string>,
  };
}
