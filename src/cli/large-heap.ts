/**
 * Node's heap is capped at about 4 GiB whatever the machine has, and the cap can only be raised when the process
 * starts (`v8.setFlagsFromString` does not move it). A cluster dump of 25,000 namespaces (130 MiB of JSON) already
 * needs about 4 GiB in `ktm harden`: a larger one would end in "JavaScript heap out of memory". So when the manifests a
 * command reads are large enough to come near the cap, and the machine has memory to spare, ktm runs the same command
 * line again as a child with a larger cap, says so on stderr, and exits as the child does. Everything else runs as it
 * is. `KTM_NO_RELAUNCH=1`, or a heap size given to node by the user, keeps Node's own cap.
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import type { Command } from 'commander';
import { expandPath } from '../k8s/load.js';

const MIB = 1024 * 1024;
/** Heap a command may need per byte of manifest input: measured up to ~31 (harden of the 25,000-namespace dump). */
const HEAP_PER_INPUT_BYTE = 40;
/** Set in the child, so it never relaunches again. */
const RELAUNCHED = 'KTM_RELAUNCHED';

/** Total size of the manifest files the operands name (as the loader expands them); what cannot be read counts nothing. */
export function inputBytes(operands: readonly string[]): number {
  let total = 0;
  for (const operand of operands) {
    if (operand === '-') continue; // standard input has no size to read beforehand
    let files: string[];
    try {
      files = expandPath(operand);
    } catch {
      continue; // the run itself reports a missing source
    }
    for (const file of files) {
      try {
        const st = statSync(file);
        if (st.isFile()) total += st.size;
      } catch {
        // as above
      }
    }
  }
  return total;
}

/**
 * The heap cap (MiB) to relaunch with for `bytes` of input, or undefined: only when the estimated need passes the
 * current cap, and only up to three quarters of the machine's memory (a cap the machine cannot back helps nobody).
 */
export function largerHeapMiB(bytes: number, currentLimit: number = getHeapStatistics().heap_size_limit, memory: number = totalmem()): number | undefined {
  const need = bytes * HEAP_PER_INPUT_BYTE;
  if (need <= currentLimit * 0.75) return undefined;
  const cap = Math.floor(Math.min(need * 1.5, memory * 0.75) / MIB);
  return cap * MIB > currentLimit * 1.25 ? cap : undefined;
}

/** Whether the user gave node this flag (on its command line or in NODE_OPTIONS). */
function userGave(flag: string, execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  return [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].some((a) => a.startsWith(flag));
}

/** Whether the user already chose a heap size for node. */
function userChoseHeap(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  return userGave('--max-old-space-size', execArgv, nodeOptions);
}

/** A relaunch: the heap cap to run with, and the cap it replaces (MiB). */
export interface LargerHeap {
  mib: number;
  fromMiB: number;
}

/**
 * The heap cap this run should be relaunched with, or undefined. `cmd` is the invoked command of a program built for
 * this command line, used only to tell its operands from option values; `args` are the arguments after it.
 */
export function relaunchHeap(cmd: Command, args: readonly string[], env: NodeJS.ProcessEnv = process.env, execArgv: readonly string[] = process.execArgv): LargerHeap | undefined {
  if (env[RELAUNCHED] || env.KTM_NO_RELAUNCH === '1' || userChoseHeap(execArgv, env.NODE_OPTIONS)) return undefined;
  let operands: string[];
  try {
    ({ operands } = cmd.parseOptions([...args]));
  } catch {
    return undefined; // a usage error: the run itself reports it
  }
  // Tests stand in a small cap for Node's, to see a relaunch on small input.
  const limit = env.KTM_TEST_HEAP_LIMIT_MIB ? Number(env.KTM_TEST_HEAP_LIMIT_MIB) * MIB : getHeapStatistics().heap_size_limit;
  const mib = largerHeapMiB(inputBytes(operands), limit);
  return mib === undefined ? undefined : { mib, fromMiB: Math.round(limit / MIB) };
}

/**
 * A larger young generation for the large heap, unless the user set one: with gigabytes of live objects built from a
 * dump, 16 MiB semi-spaces promote much that dies soon after. 64 MiB: `ktm audit` and `ktm harden` of a 464 MiB
 * live-cluster dump (10,000 namespaces) 7–9 % faster (25.5 / 25.5 s against 28.0 / 27.4 s, 38.3 against 41.5 s), for
 * about 100 MiB more resident memory (docs/performance.md, session 9).
 */
export function youngGeneration(execArgv: readonly string[], nodeOptions: string | undefined = process.env.NODE_OPTIONS): string[] {
  return userGave('--max-semi-space-size', execArgv, nodeOptions) ? [] : ['--max-semi-space-size=64'];
}

/** Runs this same command line as a child with a larger heap cap; resolves with its exit code (a signal is re-raised). */
export function runWithHeap({ mib, fromMiB }: LargerHeap): Promise<number> {
  process.stderr.write(`ktm: note: large input: running with a heap of ${mib} MiB instead of ${fromMiB} MiB (KTM_NO_RELAUNCH=1 keeps Node's)\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, `--max-old-space-size=${mib}`, ...youngGeneration(process.execArgv), ...process.argv.slice(1)], {
      stdio: 'inherit',
      env: { ...process.env, [RELAUNCHED]: '1' },
    });
    // A signal meant for ktm (a CI timeout's SIGTERM to this pid) must reach the process doing the work.
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    const forward = (sig: NodeJS.Signals) => child.kill(sig);
    for (const sig of signals) process.on(sig, forward);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      for (const sig of signals) process.off(sig, forward);
      if (signal) process.kill(process.pid, signal);
      else resolve(code ?? 1);
    });
  });
}
