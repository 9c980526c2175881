/**
 * Fast start: `ktm --help` lists every command from the command table without importing them, and the short
 * commands never load the heavy libraries (Kubernetes client, Graphviz, CEL). The built binary runs with a module
 * resolve hook that records every package it resolves, so a top-level import re-added anywhere on the path fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtKtm } from '../helpers/built.js';
import { runCli, REPO_ROOT } from '../helpers/cli.js';
import { COMMANDS, invokedCommand } from '../../src/cli/commands.js';

const HEAVY = ['@kubernetes/client-node', '@viz-js/viz', '@marcbachmann/cel-js'];

let bin: string;
const dir = mkdtempSync(join(tmpdir(), 'ktm-startup-'));
const hooks = join(dir, 'hooks.mjs');
const preload = join(dir, 'preload.mjs');
beforeAll(() => {
  bin = builtKtm();
  // Records each bare specifier the process resolves (ESM imports and dynamic imports) into $KTM_TEST_RESOLVED.
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  if (!specifier.startsWith('.') && !specifier.startsWith('/') && !specifier.startsWith('file:') && !specifier.startsWith('node:')) {
    appendFileSync(process.env.KTM_TEST_RESOLVED, specifier + '\\n');
  }
  return next(specifier, context);
}
`,
  );
  writeFileSync(preload, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the built ktm with the hook; returns the packages it resolved. */
function resolvedBy(args: string[]): { status: number | null; packages: string[]; stderr: string } {
  const log = join(dir, `resolved-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(log, '');
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(preload).href, bin, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, KTM_TEST_RESOLVED: log, KUBECONFIG: '' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, packages: readFileSync(log, 'utf8').split('\n').filter(Boolean), stderr: r.stderr };
}

describe('command table', () => {
  it('--help lists every command of the table with its summary', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    const listed = [...r.stdout.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]).filter((n) => n !== 'help');
    expect(listed).toEqual(COMMANDS.map((c) => c.name));
    expect(listed).toContain('harden');
  });

  it("each command's module defines the command of its table entry, with that summary", async () => {
    for (const entry of COMMANDS) {
      const program = new Command('ktm');
      (await entry.load()).register(program);
      expect(program.commands.map((c) => c.name()), entry.name).toEqual([entry.name]);
      expect(program.commands[0].description()).toBe(entry.summary);
    }
  });

  it('finds the command being run after root options and after help', () => {
    expect(invokedCommand(['--help'])).toBeUndefined();
    expect(invokedCommand(['reach', 'x.yaml', '--format', 'csv'])).toBe('reach');
    expect(invokedCommand(['help', 'audit'])).toBe('audit');
    expect(invokedCommand(['-h', 'cvss'])).toBe('cvss');
  });

  it('a command run for real still gets its own options and help', async () => {
    const r = await runCli(['help', 'cvss']);
    expect(r.stdout).toContain('--stdin');
    const bad = await runCli(['reac']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Did you mean reach?');
  });
});

describe('heavy libraries are loaded only on the path that needs them', () => {
  const report = join(REPO_ROOT, 'examples/reports/activator-bypasses-authorization-policy.yaml');
  const cases: Array<[string, string[], string[]]> = [
    ['--help', ['--help'], HEAVY],
    ['cvss', ['cvss', 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H'], [...HEAVY, 'yaml', 'zod']],
    ['model list', ['model', 'list'], [...HEAVY, 'yaml']],
    ['triage', ['triage', report], HEAVY],
    // Files, not a live cluster: no Kubernetes client.
    ['reach from files', ['reach', join(REPO_ROOT, 'examples/cluster'), '--format', 'matrix'], HEAVY],
  ];
  for (const [name, args, forbidden] of cases) {
    it(`ktm ${name} does not load ${forbidden.join(', ')}`, () => {
      const r = resolvedBy(args);
      expect(r.status, r.stderr).toBe(0);
      expect(r.packages).toContain('commander'); // the hook saw the run
      for (const pkg of forbidden) expect(r.packages.filter((p) => p === pkg || p.startsWith(`${pkg}/`)), pkg).toEqual([]);
    });
  }

  it('the SVG diagram does load Graphviz (the hook would see a re-added import)', () => {
    const r = resolvedBy(['model', 'diagram', '--format', 'svg']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.packages).toContain('@viz-js/viz');
    expect(r.packages).not.toContain('@kubernetes/client-node');
  });
});
