/**
 * Where `ktm reach` spends its time, beside the floor of any tool that reads the same dump:
 *
 *   node dist/bench/reach-phases.js [--namespaces 10000] [--seed 42] [--keep DUMP]
 *
 * Generates the bench's default cluster (bench/generate.ts), writes it as one JSON List, then measures
 *  - the floor: read the file, `JSON.parse` it, index every object by kind/namespace/name and keep each pod
 *    template's labels (what any reachability tool must at least do);
 *  - ktm's phases as `ktm reach --format summary` runs them: read and parse (src/k8s/load.ts), inventory, namespace
 *    labellers, Engine with the forgeable-peer scan, the direct and hub matrices, the summary.
 * Each in a fresh process (as `ktm reach` runs); prints one JSON document of milliseconds. Run it on a quiet machine.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { TextSink } from '../src/render/text-sink.js';

function option(argv: string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** Read, parse, and index by kind/namespace/name with each pod template's labels: the least any tool does. */
function floor(file: string): Record<string, number> {
  const t0 = performance.now();
  const text = readFileSync(file, 'utf8');
  const t1 = performance.now();
  const doc = JSON.parse(text) as { items: any[] };
  const t2 = performance.now();
  const byKey = new Map<string, unknown>();
  const templates: Array<Map<string, string>> = [];
  for (const o of doc.items) {
    const m = o.metadata ?? {};
    byKey.set(`${o.kind}/${m.namespace ?? ''}/${m.name}`, o);
    const labels = o.spec?.template?.metadata?.labels;
    if (labels) templates.push(new Map(Object.entries(labels as Record<string, string>)));
  }
  const t3 = performance.now();
  return { readMs: t1 - t0, jsonParseMs: t2 - t1, indexMs: t3 - t2, totalMs: t3 - t0, overJsonParse: (t3 - t0) / (t2 - t1) };
}

/** ktm reach --format summary, phase by phase. ktm's modules are imported here only: loaded, they slow the floor's parse. */
async function phases(file: string): Promise<Record<string, number>> {
  const { readSources } = await import('../src/k8s/load.js');
  const { buildInventory } = await import('../src/k8s/inventory.js');
  const { detectCni } = await import('../src/k8s/cni.js');
  const { isSystemNamespace } = await import('../src/k8s/system-namespaces.js');
  const { namespaceLabellersOf } = await import('../src/audit/rbac/namespace-labellers.js');
  const { analyzeReachability } = await import('../src/netpol/index.js');
  const { writeSummary } = await import('../src/render/reach-views.js');
  const out: Record<string, number> = {};
  let t = performance.now();
  const mark = (name: string) => {
    const now = performance.now();
    out[name] = now - t;
    t = now;
  };
  const resources = readSources([file]);
  mark('readAndParseMs');
  const inv = buildInventory(resources, { notes: [] });
  mark('inventoryMs');
  const namespaceLabellers = namespaceLabellersOf(inv, (ns) => ns !== undefined && !isSystemNamespace(ns));
  mark('labellersMs');
  const result = analyzeReachability(inv, { cni: detectCni(inv), namespaceLabellers });
  mark('engineMs');
  const matrix = result.namespaceMatrix();
  mark('matricesMs');
  const discard: TextSink = { write: () => undefined };
  writeSummary(matrix, discard);
  mark('summaryMs');
  out.totalMs = Object.values(out).reduce((a, b) => a + b, 0);
  return out;
}

/** Runs one measurement in a fresh process, so the generator's heap does not weigh on it. */
function measureInChild(what: 'floor' | 'phases', file: string): Record<string, number> {
  const res = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--measure', what, file], { encoding: 'utf8', maxBuffer: 1024 * 1024 });
  if (res.status !== 0) throw new Error(`${what}: ${res.stderr}`);
  return JSON.parse(res.stdout) as Record<string, number>;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const measure = option(argv, '--measure');
  if (measure === 'floor' || measure === 'phases') {
    const file = argv[argv.indexOf('--measure') + 2];
    process.stdout.write(JSON.stringify(measure === 'floor' ? floor(file) : await phases(file)));
    return;
  }
  const { generateCluster } = await import('./generate.js');
  const namespaces = Number(option(argv, '--namespaces') ?? 10000);
  const seed = Number(option(argv, '--seed') ?? 42);
  const keep = option(argv, '--keep');
  const dir = mkdtempSync(join(tmpdir(), 'ktm-phases-'));
  const file = keep ?? join(dir, 'cluster.json');
  try {
    writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: generateCluster({ namespaces, pods: namespaces * 10, seed }) }));
    const round = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v.toFixed(k === 'overJsonParse' ? 2 : 0))]));
    const f = measureInChild('floor', file);
    const p = measureInChild('phases', file);
    process.stdout.write(`${JSON.stringify({ namespaces, seed, floor: round(f), reach: round(p), reachOverJsonParse: Number((p.totalMs / f.jsonParseMs).toFixed(2)) }, null, 2)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
