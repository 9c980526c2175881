/**
 * `npm run bench [-- OPTIONS]`: prints JSON figures, every case in its own child process (so peak RSS is the case's
 * own). Ratios are taken inside one run. Options (docs/performance.md):
 *
 *   --namespaces 2500,10000     cluster sizes (tenant namespaces) for the CLI and engine cases
 *   --only audit,reach,reach-matrix,harden,pss,engine,audit-inprocess    which cases (default: all but engine and
 *                               audit-inprocess)
 *   --workloads-per-namespace 10 --policies-per-namespace 3 --unprotected-share 0.15 --egress-share 0.3
 *   --admin-policies 4 --baseline-policies 2 --knative-share 0.4 --broker-share 0.2 --seed 42    the generator's shape
 *   --ingress kourier|istio|gateway-api --sources-share 0 --live-objects    the platform (bench/platforms.ts)
 *
 * Extension point: add a case to BENCH_CASES (name + run() returning figures). Run one case with
 * `node --expose-gc dist/bench/run.js --case NAME [shape options]`.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { toResources } from '../src/k8s/load.js';
import { buildInventory } from '../src/k8s/inventory.js';
import { analyzeReachability } from '../src/netpol/index.js';
import { describeCluster, generateCluster, type GenerateOptions } from './generate.js';
import { INGRESS_LAYERS, type IngressLayer } from './platforms.js';
import { auditBench } from './audit-bench.js';
import { CLI_COMMANDS, cliBench, type CliCommand } from './cli-bench.js';
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

const CASE_KINDS = ['audit', 'reach', 'reach-matrix', 'harden', 'pss', 'engine', 'audit-inprocess'] as const;
type CaseKind = (typeof CASE_KINDS)[number];
const DEFAULT_KINDS: CaseKind[] = ['audit', 'reach', 'reach-matrix', 'harden', 'pss'];

interface BenchArgs {
  sizes: number[];
  only: CaseKind[];
  shape: Omit<GenerateOptions, 'namespaces'> & { workloadsPerNamespace: number };
  caseName?: string;
}

function parseArgs(argv: string[]): BenchArgs {
  const get = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (flag: string, dflt: number): number => {
    const v = get(flag);
    if (v === undefined) return dflt;
    const x = Number(v);
    if (!Number.isFinite(x) || x < 0) throw new Error(`${flag}: expected a number, got ${JSON.stringify(v)}`);
    return x;
  };
  const sizes = (get('--namespaces') ?? '2500,10000').split(',').map((x) => {
    const v = Number(x);
    if (!Number.isInteger(v) || v < 1) throw new Error(`--namespaces: expected whole numbers, got ${JSON.stringify(x)}`);
    return v;
  });
  const only = (get('--only')?.split(',') ?? DEFAULT_KINDS).map((k) => {
    if (!(CASE_KINDS as readonly string[]).includes(k)) throw new Error(`--only: unknown case ${JSON.stringify(k)} (cases: ${CASE_KINDS.join(', ')})`);
    return k as CaseKind;
  });
  return {
    sizes,
    only,
    caseName: get('--case'),
    shape: {
      workloadsPerNamespace: num('--workloads-per-namespace', 10),
      policiesPerNamespace: num('--policies-per-namespace', 3),
      unprotectedShare: num('--unprotected-share', 0.15),
      egressShare: num('--egress-share', 0.3),
      adminPolicies: num('--admin-policies', 4),
      baselinePolicies: num('--baseline-policies', 2),
      knativeShare: num('--knative-share', 0.4),
      brokerShare: num('--broker-share', 0.2),
      ingress: ingressOf(get('--ingress')),
      sourcesShare: num('--sources-share', 0),
      liveObjects: argv.includes('--live-objects'),
      seed: num('--seed', 42),
    },
  };
}

function ingressOf(value: string | undefined): IngressLayer {
  if (value === undefined) return 'kourier';
  if (!(INGRESS_LAYERS as readonly string[]).includes(value)) throw new Error(`--ingress: expected one of ${INGRESS_LAYERS.join(', ')}, got ${JSON.stringify(value)}`);
  return value as IngressLayer;
}

function shapeFor(args: BenchArgs, namespaces: number): GenerateOptions {
  const { workloadsPerNamespace, ...rest } = args.shape;
  return { ...rest, namespaces, pods: Math.round(namespaces * workloadsPerNamespace) };
}

/** The cases of one run, in order: per size the CLI commands (one case), the engine, the in-process audit; then PSS. */
function plannedCases(args: BenchArgs): BenchCase[] {
  const out: BenchCase[] = [];
  const cli = args.only.filter((k): k is CliCommand => (CLI_COMMANDS as readonly string[]).includes(k));
  for (const n of args.sizes) {
    const shape = shapeFor(args, n);
    if (cli.length > 0) {
      out.push({ name: `cli-${n}ns`, description: `ktm ${cli.join(', ')} as processes on a JSON dump of ${n} namespaces`, run: () => cliBench(shape, cli) as unknown as Record<string, unknown> });
    }
    if (args.only.includes('engine')) {
      out.push({ name: `engine-${n}ns`, description: `in-process: inventory and namespace matrix (direct and hub cells), ${n} namespaces`, run: () => matrixFigures(shape) });
    }
    if (args.only.includes('audit-inprocess')) {
      out.push({ name: `audit-inprocess-${n}ns`, description: `in-process runAudit, all three tenancy models, ${n} namespaces`, run: () => ({ ...auditBench(shape), peakRssMiB: peakRssMiB() }) });
    }
  }
  if (args.only.includes('pss')) {
    for (const count of [1000, 5000]) {
      out.push({
        name: `pss-vs-monokle-${count}`,
        description: `Pod Security Standards of ${count} Deployments: ktm vs @monokle/validation (ratio = monokle ÷ ktm)`,
        run: async () => ({ ...(await comparePss(count)), peakRssMiB: peakRssMiB() }),
      });
    }
  }
  return out;
}

export const BENCH_CASES: BenchCase[] = plannedCases(parseArgs([]));

function runChild(name: string, argv: string[]): Record<string, unknown> {
  const res = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', fileURLToPath(import.meta.url), ...argv, '--case', name], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.status !== 0) return { name, error: (res.stderr || `exit ${res.status}`).trim().slice(0, 2000) };
  return JSON.parse(res.stdout) as Record<string, unknown>;
}

/** t(larger) / t(smaller) per command, for consecutive sizes. */
function growth(results: Record<string, Record<string, unknown>>, sizes: number[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 1; i < sizes.length; i++) {
    const a = results[`cli-${sizes[i - 1]}ns`] as { commands?: Record<string, { ms: number }> } | undefined;
    const b = results[`cli-${sizes[i]}ns`] as { commands?: Record<string, { ms: number }> } | undefined;
    if (!a?.commands || !b?.commands) continue;
    const ratios: Record<string, number> = {};
    for (const cmd of Object.keys(b.commands)) {
      const x = a.commands[cmd]?.ms;
      const y = b.commands[cmd]?.ms;
      if (x && y && x > 0 && y > 0) ratios[cmd] = Number((y / x).toFixed(2));
    }
    out[`t(${sizes[i]})/t(${sizes[i - 1]})`] = ratios;
  }
  return out;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const args = parseArgs(argv);
  const cases = plannedCases(args);
  if (args.caseName !== undefined) {
    const c = cases.find((x) => x.name === args.caseName);
    if (!c) {
      process.stderr.write(`unknown bench case ${args.caseName} (cases of these options: ${cases.map((x) => x.name).join(', ')})\n`);
      process.exitCode = 2;
      return;
    }
    const figures = await c.run();
    process.stdout.write(`${JSON.stringify({ name: c.name, description: c.description, ...figures })}\n`);
    return;
  }
  const results: Record<string, Record<string, unknown>> = {};
  for (const c of cases) {
    process.stderr.write(`bench: ${c.name} …\n`);
    results[c.name] = runChild(c.name, argv);
  }
  const summary = {
    machine: { node: process.version, cpus: (await import('node:os')).cpus().length },
    args: { sizes: args.sizes, only: args.only, shape: args.shape },
    cases: results,
    growth: growth(results, args.sizes),
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
