/**
 * `npm run bench`: prints JSON figures. Each case runs in its own child process (so peak RSS is the
 * case's own); the parent collects one JSON object per case.
 *
 * Extension point: add a case to BENCH_CASES (name + run() returning figures). Run one case with
 * `node --expose-gc dist/bench/run.js --case NAME`.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { toResources } from '../src/k8s/load.js';
import { buildInventory } from '../src/k8s/inventory.js';
import { analyzeReachability } from '../src/netpol/index.js';
import { describeCluster, generateCluster, type GenerateOptions } from './generate.js';
import { auditBench } from './audit-bench.js';
import { comparePss } from './pss-compare.js';

export interface BenchCase {
  name: string;
  description: string;
  run(): Promise<Record<string, unknown>> | Record<string, unknown>;
}

function peakRssMiB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** Generates a cluster, serialises it, times JSON.parse of the dump, then the namespace matrix. */
function matrixFigures(opts: GenerateOptions): Record<string, unknown> {
  const objs = generateCluster(opts);
  const dump = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objs });
  const t0 = performance.now();
  const parsed = JSON.parse(dump) as { items: any[] };
  const jsonParseMs = performance.now() - t0;
  const t1 = performance.now();
  const inv = buildInventory(toResources(parsed.items.map((obj) => ({ obj, source: { file: 'bench' } }))));
  const inventoryMs = performance.now() - t1;
  const t2 = performance.now();
  const r = analyzeReachability(inv);
  const m = r.namespaceMatrix();
  let direct = 0;
  let hub = 0;
  for (const a of m.namespaces) {
    for (const b of m.namespaces) {
      const c = m.cell(a, b);
      if (c === 'direct') direct++;
      else if (c !== 'none') hub++;
    }
  }
  const matrixMs = performance.now() - t2;
  return {
    ...opts,
    objects: describeCluster(objs),
    workloads: inv.workloads.length,
    classes: r.engine.index.classes.length,
    dumpMiB: Math.round(dump.length / 1048576),
    jsonParseMs: Math.round(jsonParseMs),
    inventoryMs: Math.round(inventoryMs),
    matrixMs: Math.round(matrixMs),
    matrixOverJsonParse: Number((matrixMs / jsonParseMs).toFixed(2)),
    cells: m.namespaces.length ** 2,
    directCells: direct,
    hubCells: hub,
    peakRssMiB: peakRssMiB(),
  };
}

export const BENCH_CASES: BenchCase[] = [
  {
    name: 'matrix-2000ns',
    description: 'namespace matrix, 2,000 tenant namespaces / 20,000 workloads / 6,000 NetworkPolicies',
    run: () => matrixFigures({ namespaces: 2000, pods: 20000 }),
  },
  {
    name: 'matrix-pods-n',
    description: 'pods scaling, n: 2,000 namespaces, 5,000 workloads',
    run: () => matrixFigures({ namespaces: 2000, pods: 5000 }),
  },
  {
    name: 'matrix-pods-4n',
    description: 'pods scaling, 4n: 2,000 namespaces, 20,000 workloads (same namespaces and policies)',
    run: () => matrixFigures({ namespaces: 2000, pods: 20000, seed: 42 }),
  },
  {
    name: 'matrix-all-n',
    description: 'everything scaling, n: 500 namespaces / 5,000 workloads / 1,500 policies',
    run: () => matrixFigures({ namespaces: 500, pods: 5000 }),
  },
  {
    name: 'matrix-all-4n',
    description: 'everything scaling, 4n: 2,000 namespaces / 20,000 workloads / 6,000 policies',
    run: () => matrixFigures({ namespaces: 2000, pods: 20000, seed: 7 }),
  },
  {
    name: 'audit-2000ns',
    description: 'ktm audit (all checks, all three tenancy models: cluster, namespace, control-plane), 2,000 tenant namespaces / 20,000 workloads',
    run: () => ({ ...auditBench(2000), peakRssMiB: peakRssMiB() }),
  },
  {
    name: 'pss-vs-monokle',
    description: 'Pod Security Standards of 5,000 Deployments: ktm vs @monokle/validation (ratio = monokle ÷ ktm)',
    run: async () => ({ ...(await comparePss(5000)), peakRssMiB: peakRssMiB() }),
  },
];

function runChild(name: string): Record<string, unknown> {
  const res = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--case', name], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.status !== 0) return { name, error: (res.stderr || `exit ${res.status}`).trim().slice(0, 2000) };
  return JSON.parse(res.stdout) as Record<string, unknown>;
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--case');
  if (i >= 0) {
    const c = BENCH_CASES.find((x) => x.name === process.argv[i + 1]);
    if (!c) {
      process.stderr.write(`unknown bench case ${process.argv[i + 1]}\n`);
      process.exitCode = 2;
      return;
    }
    const figures = await c.run();
    process.stdout.write(`${JSON.stringify({ name: c.name, description: c.description, ...figures })}\n`);
    return;
  }
  const results: Record<string, Record<string, unknown>> = {};
  for (const c of BENCH_CASES) results[c.name] = runChild(c.name);
  const ratio = (a: string, b: string) => {
    const x = results[a]?.matrixMs as number | undefined;
    const y = results[b]?.matrixMs as number | undefined;
    return x && y ? Number((y / x).toFixed(2)) : null;
  };
  const summary = {
    machine: { node: process.version, cpus: (await import('node:os')).cpus().length },
    cases: results,
    ratios: {
      podsTimes4MatrixTime: ratio('matrix-pods-n', 'matrix-pods-4n'),
      allTimes4MatrixTime: ratio('matrix-all-n', 'matrix-all-4n'),
      note: 'n·log n growth for ×4 pods means a ratio of about 4.6 (4 · log(4n)/log(n)); ×4 namespaces also multiplies the n² matrix cells by 16',
    },
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  });
}
