/**
 * The red team's reproductions: devices, FIFOs, endless standard input, links to /dev/urandom, `extends: /dev/zero`,
 * pathological YAML. Each must end with exit 2 and one line naming file:line:column where there is one. What needs
 * a real process (standard input from a device or a pipe, a FIFO that would block for ever) runs the real `ktm`
 * binary, with time and memory bounded by construction: the child is killed after a generous timeout (a hang fails
 * the test), and it reports its own peak RSS at exit. The rest runs in-process, where being refused before any
 * read is the bound.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtKtm } from '../helpers/built.js';
import { runCli, type CliResult } from '../helpers/cli.js';

let bin: string;
const dir = mkdtempSync(join(tmpdir(), 'ktm-bounded-'));
beforeAll(() => {
  bin = builtKtm();
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Generous for a loaded 2-core machine; an unbounded read of /dev/zero never ends, so it still fails. */
const TIMEOUT_MS = 20_000;
/** Peak RSS allowed: node and ktm's modules take ~150 MB; reading /dev/zero whole would pass 1 GB in seconds. */
const MAX_RSS_BYTES = 400 * 1024 * 1024;
// Written by the child as it exits: its peak resident set size.
const RSS_PRELOAD = `data:text/javascript,${encodeURIComponent(
  "import { writeFileSync } from 'node:fs'; process.on('exit', () => writeFileSync(process.env.KTM_TEST_RSS_FILE, String(process.resourceUsage().maxRSS * 1024)));",
)}`;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  rss: number;
}

let runs = 0;
/** Runs the real binary; stdin is a file descriptor to hand over, or text to pipe in. */
function ktm(args: string[], stdin?: number | string): Promise<Run> {
  const rssFile = join(dir, `rss-${++runs}`);
  const child = spawn(process.execPath, ['--import', RSS_PRELOAD, bin, ...args], {
    cwd: dir,
    stdio: [typeof stdin === 'number' ? stdin : typeof stdin === 'string' ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    env: { ...process.env, KTM_STDIN_TEXT: undefined, KTM_TEST_RSS_FILE: rssFile },
  });
  if (typeof stdin === 'string') {
    child.stdin!.on('error', () => {}); // ktm stops reading at the limit: the rest of the pipe is refused (EPIPE)
    child.stdin!.end(stdin);
  }
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      let rss = Number.POSITIVE_INFINITY;
      try {
        rss = Number(readFileSync(rssFile, 'utf8'));
      } catch {
        // killed before it could write: the infinite RSS fails the memory expectation too
      }
      resolve({ code, stdout, stderr, rss });
    });
  });
}

/** In-process run: these inputs are refused before a byte is read. */
async function inProcess(args: string[]): Promise<Run> {
  const r: CliResult = await runCli(args);
  return { ...r, rss: 0 };
}

function fromDevice(path: string): number {
  return openSync(path, 'r');
}

/** Exit 2, nothing on stdout, exactly one line on stderr matching `line`, within the memory bound. */
function expectRefused(r: Run, line: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.endsWith('\n')).toBe(true);
  expect(r.stderr.trimEnd().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(line);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(r.rss).toBeLessThan(MAX_RSS_BYTES);
}

describe('devices, FIFOs and endless input are refused, not read', () => {
  it('ktm triage /dev/zero', async () => {
    expectRefused(await inProcess(['triage', '/dev/zero']), /^ktm: \/dev\/zero: is a character device, expected a regular file$/m);
  });

  it('ktm model validate /dev/zero and ktm review /dev/urandom', async () => {
    expectRefused(await inProcess(['model', 'validate', '/dev/zero']), /^ktm: \/dev\/zero: is a character device/);
    expectRefused(await inProcess(['review', '/dev/urandom']), /^ktm: \/dev\/urandom: is a character device/);
  });

  it('real binary: standard input from /dev/zero and /dev/urandom, 50 MB piped in, a FIFO', async () => {
    const zero = fromDevice('/dev/zero');
    const random = fromDevice('/dev/urandom');
    const fifo = join(dir, 'f.yaml');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    try {
      // Side by side, so the four start-ups overlap.
      const [z, u, big, f] = await Promise.all([
        ktm(['audit', '-'], zero),
        ktm(['audit', '-'], random),
        // Hand-written documents are limited to 4 MiB: crossed at column 4 MiB + 1 of the one long line.
        ktm(['model', 'validate', '-'], 'a'.repeat(50 * 1024 * 1024)),
        ktm(['audit', fifo]),
      ]);
      expectRefused(z, /^ktm: -:1:1: binary data \(NUL byte\)/);
      expectRefused(u, /^ktm: -:\d+:\d+: binary data \(NUL byte\)/);
      expectRefused(big, /^ktm: -:1:4194305: input is larger than the limit of 4194304 bytes$/m);
      expectRefused(f, /f\.yaml: is a named pipe \(FIFO\), expected a regular file$/m);
    } finally {
      closeSync(zero);
      closeSync(random);
    }
  }, 60_000);

  it('a folder entry that links to /dev/urandom is named, not read', async () => {
    const folder = join(dir, 'cluster');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n');
    symlinkSync('/dev/urandom', join(folder, 'b.yaml'));
    expectRefused(await inProcess(['audit', folder]), /cluster\/b\.yaml: is a character device, expected a regular file$/m);
  });

  it('a model with extends: /dev/zero points at its extends line', async () => {
    const model = join(dir, 'overlay.yaml');
    writeFileSync(model, 'apiVersion: ktm/v1\nkind: ThreatModel\nextends: /dev/zero\nmetadata: {id: x}\n');
    expectRefused(await inProcess(['model', 'validate', model]), /overlay\.yaml:3:10: extends: is a character device, expected a regular file \(at extends\)$/m);
  });

  it('a file larger than the limit is refused at the line and column of the limit', async () => {
    const big = join(dir, 'big.yaml');
    writeFileSync(big, `${'x: 1\n'.repeat(1_000_000)}`); // 5 MB of short lines
    expectRefused(await inProcess(['triage', big]), /big\.yaml:838861:5: input is larger than the limit of 4194304 bytes$/m);
  });
});

describe('messages stay one line and carry positions', () => {
  it('a file name with a newline is printed escaped', async () => {
    const odd = join(dir, 'new\nline.yaml');
    writeFileSync(odd, 'x: [\n');
    const r = await inProcess(['audit', odd]);
    expectRefused(r, /new\\nline\.yaml:\d+:\d+: /);
  });

  it('__proto__ on the JSON fast path names its line and column', async () => {
    const json = join(dir, 'proto.json');
    writeFileSync(json, '{"apiVersion": "v1", "kind": "List",\n "items": [\n  {"__proto__": {"polluted": true}}]}\n');
    expectRefused(await inProcess(['audit', json]), /proto\.json:3:4: the key "__proto__" is not allowed$/m);
  });

  it('800 KB of bare --- is refused by the empty-document limit', async () => {
    const dashes = join(dir, 'dashes.yaml');
    writeFileSync(dashes, '---\n'.repeat(200_000));
    expectRefused(await inProcess(['audit', dashes]), /dashes\.yaml:1001:1: more than 1000 empty documents in one stream$/m);
  });

  it('a 3 MB key is refused by the key limit', async () => {
    const keys = join(dir, 'key.yaml');
    writeFileSync(keys, `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  ? ${'k'.repeat(3_000_000)}\n  : v\n`);
    expectRefused(await inProcess(['audit', keys]), /key\.yaml:5:5: a key longer than 1024 characters$/m);
  });
});
