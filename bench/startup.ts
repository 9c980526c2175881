/**
 * `node dist/bench/startup.js [--runs N]`: how long the short commands take from process start to exit, as a
 * ratio of `node -e 0` on the same machine in the same run (docs/performance.md). Each command runs N times
 * (default 10) after one warm-up; the median wall time (one slow run on a shared machine does not decide it) and the
 * mean CPU time are reported.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';

const HERE = dirname(fileURLToPath(import.meta.url));
/** dist/bench → the repository root (examples/ lives there, not under dist/). */
const ROOT = join(HERE, '..', '..');
const BIN = join(HERE, '..', 'src', 'cli', 'bin.js');

interface Case {
  name: string;
  args: string[];
}

const CASES: Case[] = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'ktm --help', args: [BIN, '--help'] },
  { name: 'ktm cvss VECTOR', args: [BIN, 'cvss', 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H'] },
  { name: 'ktm model list', args: [BIN, 'model', 'list'] },
  { name: 'ktm triage REPORT', args: [BIN, 'triage', join(ROOT, 'examples/reports/activator-bypasses-authorization-policy.yaml')] },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * CPU time (user + system, ms) of this process's finished children, from /proc/self/stat (Linux; clock ticks of
 * 10 ms): on a shared machine CPU time says what the command costs, wall time also says how busy the machine was.
 */
function childCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10; // cutime, cstime (fields 16 and 17 of stat)
  } catch {
    return undefined;
  }
}

function timeOnce(args: string[]): { wallMs: number; cpuMs?: number } {
  const cpu0 = childCpuMs();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.toString().trim()}`);
  const cpu1 = childCpuMs();
  return { wallMs, cpuMs: cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0 };
}

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 10;
const rows: Array<{ command: string; medianWallMs: number; wallOverNode: number; meanCpuMs?: number; cpuOverNode?: number }> = [];
let wallBase = 0;
let cpuBase = 0;
for (const c of CASES) {
  timeOnce(c.args); // warm the file cache
  const walls: number[] = [];
  let cpu: number | undefined = 0;
  for (let i = 0; i < runs; i++) {
    const t = timeOnce(c.args);
    walls.push(t.wallMs);
    cpu = cpu === undefined || t.cpuMs === undefined ? undefined : cpu + t.cpuMs;
  }
  const wall = median(walls);
  const cpuMean = cpu === undefined ? undefined : cpu / runs;
  if (c.name === 'node -e 0') {
    wallBase = wall;
    cpuBase = cpuMean ?? 0;
  }
  rows.push({
    command: c.name,
    medianWallMs: Math.round(wall),
    wallOverNode: Number((wall / wallBase).toFixed(2)),
    ...(cpuMean === undefined ? {} : { meanCpuMs: Math.round(cpuMean), cpuOverNode: Number((cpuMean / cpuBase).toFixed(2)) }),
  });
}
process.stdout.write(`${JSON.stringify({ runs, node: process.version, rows }, null, 2)}\n`);
