/**
 * A cluster too large for Node's default heap cap runs in a child with a larger one (src/cli/large-heap.ts). The real
 * binary is run with a stand-in cap of 1 MiB (KTM_TEST_HEAP_LIMIT_MIB) so that a small input takes that path: the
 * child must give the same output and exit code, and the parent must say what it did.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtKtm } from '../helpers/built.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { inputBytes, largerHeapMiB, youngGeneration } from '../../src/cli/large-heap.js';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;
const CLUSTER = join(REPO_ROOT, 'examples/cluster');
const NOTE = /^ktm: note: large input: running with a heap of \d+ MiB instead of 1 MiB \(KTM_NO_RELAUNCH=1 keeps Node's\)\n/m;

let bin: string;
beforeAll(() => {
  bin = builtKtm();
}, 180_000);

function run(args: string[], env: Record<string, string> = {}, input?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, KTM_RELAUNCHED: '', KTM_NO_RELAUNCH: '', NODE_OPTIONS: '', ...env },
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the heap cap for large input', () => {
  it('is raised only when the estimated need comes near the cap, and never past what the machine has', () => {
    expect(largerHeapMiB(20 * MIB, 4144 * MIB, 24 * GIB)).toBeUndefined(); // 800 MiB needed: the default does
    expect(largerHeapMiB(130 * MIB, 4144 * MIB, 24 * GIB)).toBe(7800); // 130 MiB × 40 × 1.5
    expect(largerHeapMiB(130 * MIB, 4144 * MIB, 8 * GIB)).toBe(6144); // three quarters of the machine
    expect(largerHeapMiB(130 * MIB, 4144 * MIB, 5 * GIB)).toBeUndefined(); // no room for a larger cap
  });

  it('gives the large heap a larger young generation, unless the user chose one', () => {
    expect(youngGeneration([], undefined)).toEqual(['--max-semi-space-size=64']);
    expect(youngGeneration(['--max-semi-space-size=16'], undefined)).toEqual([]);
    expect(youngGeneration([], '--max-semi-space-size=8 --trace-gc')).toEqual([]);
  });

  it('counts the manifest files as the loader reads them; standard input and missing paths count nothing', () => {
    const folder = inputBytes([CLUSTER]);
    expect(folder).toBeGreaterThan(0);
    expect(inputBytes([CLUSTER, '-', '/nonexistent'])).toBe(folder);
  });

  it('a relaunched run prints what the run in place prints, with the same exit code, and says so', () => {
    for (const args of [
      ['audit', CLUSTER, '--tenancy', 'all', '--format', 'json', '--fail-on', 'high'],
      ['reach', CLUSTER, '--format', 'matrix'],
    ]) {
      const inPlace = run(args);
      const relaunched = run(args, { KTM_TEST_HEAP_LIMIT_MIB: '1' });
      expect(relaunched.status, relaunched.stderr).toBe(inPlace.status);
      expect(relaunched.stdout).toBe(inPlace.stdout);
      expect(relaunched.stderr).toMatch(NOTE);
      expect(relaunched.stderr.replace(NOTE, '')).toBe(inPlace.stderr);
      expect(inPlace.stderr).not.toMatch(/large input/);
    }
    expect(run(['audit', CLUSTER, '--fail-on', 'high', '-o', '/dev/null'], { KTM_TEST_HEAP_LIMIT_MIB: '1' }).status).toBe(1); // findings at --fail-on: exit 1 through the parent
  });

  it('stays in place when turned off, when the user chose a heap size, and for standard input', () => {
    const small = { KTM_TEST_HEAP_LIMIT_MIB: '1' };
    expect(run(['reach', CLUSTER, '--format', 'summary'], { ...small, KTM_NO_RELAUNCH: '1' }).stderr).not.toMatch(/large input/);
    expect(run(['reach', CLUSTER, '--format', 'summary'], { ...small, NODE_OPTIONS: '--max-old-space-size=2048' }).stderr).not.toMatch(/large input/);
    const text = readFileSync(join(CLUSTER, '95-tenants.yaml'), 'utf8');
    const stdin = run(['reach', '-', '--format', 'summary'], small, text);
    expect(stdin.status, stdin.stderr).toBe(0);
    expect(stdin.stderr).not.toMatch(/large input/);
    // Short commands never look at their input's size.
    expect(run(['cvss', 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H'], small).stderr).toBe('');
  });
});
