/**
 * End-to-end figures of the real CLI on a generated cluster: `ktm audit --tenancy all`, `ktm reach` (its default view
 * and `--format matrix`), `ktm harden`,
 * each as its own process on one JSON dump, beside `JSON.parse` of the same dump (also its own process), with wall
 * time and peak RSS from /usr/bin/time. Ratios are to JSON.parse, so they hold from one machine to the next.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeCluster, generateCluster, type GenerateOptions } from './generate.js';

/** `reach` is the default view (the per-namespace summary beyond 100 namespaces); `reach-matrix` the full text matrix. */
export const CLI_COMMANDS = ['audit', 'reach', 'reach-matrix', 'harden'] as const;
export type CliCommand = (typeof CLI_COMMANDS)[number];

const BIN = fileURLToPath(new URL('../src/cli/bin.js', import.meta.url));
const PARSE_ONLY = `const s=require('fs').readFileSync(process.argv[1],'utf8');const t0=performance.now();JSON.parse(s);process.stdout.write(String(performance.now()-t0))`;

interface Run {
  ms: number;
  peakRssMiB: number;
  exit: number | null;
  error?: string;
}

/** Runs a command under /usr/bin/time; wall time and peak RSS of the child. */
function timed(args: string[], timeoutMs: number): Run & { stdout: string } {
  const res = spawnSync('/usr/bin/time', ['-f', '@@time %e %M', ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: timeoutMs });
  const m = /@@time ([\d.]+) (\d+)/.exec(res.stderr ?? '');
  const ms = m ? Math.round(Number(m[1]) * 1000) : -1;
  const peakRssMiB = m ? Math.round(Number(m[2]) / 1024) : -1;
  const failed = res.status !== 0 && res.status !== 1; // 1 = findings at or above --fail-on
  const error = res.error ? String(res.error.message) : failed ? (res.stderr ?? '').replace(/@@time.*$/m, '').trim().slice(-500) : undefined;
  return { ms, peakRssMiB, exit: res.status, stdout: res.stdout ?? '', ...(error ? { error } : {}) };
}

function commandArgs(cmd: CliCommand, dump: string, outDir: string, shape: GenerateOptions): string[] {
  const node = [process.execPath, BIN];
  if (cmd === 'audit') return [...node, 'audit', dump, '--tenancy', 'all', '--format', 'json', '--fail-on', 'critical', '-o', join(outDir, 'audit.json')];
  // The view reach shows by default beyond 100 namespaces; named, because `-o x.txt` alone would mean connlist.
  if (cmd === 'reach') return [...node, 'reach', dump, '--format', 'summary', '-o', join(outDir, 'reach-summary.txt')];
  if (cmd === 'reach-matrix') return [...node, 'reach', dump, '--format', 'matrix', '-o', join(outDir, 'reach-matrix.txt')];
  // On Istio the platform team hardens with the mesh: the AuthorizationPolicies that bind callers at the shared hops.
  const mesh = shape.ingress === 'istio' ? ['--mesh', 'istio'] : [];
  return [...node, 'harden', dump, '--tenancy', 'namespace', ...mesh, '--out', join(outDir, 'harden')];
}

export interface CliBenchFigures {
  shape: GenerateOptions;
  objects: Record<string, number>;
  dumpMiB: number;
  jsonParseMs: number;
  commands: Partial<Record<CliCommand, Run & { overJsonParse: number }>>;
}

/** Generates the cluster, writes it as one JSON List, and times JSON.parse and each command on it. */
export function cliBench(shape: GenerateOptions, only: readonly CliCommand[], timeoutMs = 30 * 60_000): CliBenchFigures {
  const dir = mkdtempSync(join(tmpdir(), 'ktm-bench-'));
  try {
    const objs = generateCluster(shape);
    const objects = describeCluster(objs);
    const dump = join(dir, 'cluster.json');
    writeFileSync(dump, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objs }));
    objs.length = 0;
    const parse = timed([process.execPath, '-e', PARSE_ONLY, dump], timeoutMs);
    const jsonParseMs = Math.round(Number(parse.stdout));
    const commands: CliBenchFigures['commands'] = {};
    for (const cmd of only) {
      const r = timed(commandArgs(cmd, dump, dir, shape), timeoutMs);
      const { stdout: _ignored, ...run } = r;
      void _ignored;
      commands[cmd] = { ...run, overJsonParse: Number((r.ms / Math.max(1, jsonParseMs)).toFixed(1)) };
    }
    return { shape, objects, dumpMiB: Math.round(statSync(dump).size / 1048576), jsonParseMs, commands };
  } finally {
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
}
