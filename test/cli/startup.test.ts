/**
 * Fast start: `ktm --help` lists every command from the command table without importing them, and the short
 * commands never load the heavy libraries (Kubernetes client, Graphviz, CEL). The built binary runs with a module
 * resolve hook that records every package and module it resolves, so a top-level import re-added anywhere on the
 * path fails. `ktm model list` and `ktm triage` read the built-in models as validated by the build: they never load
 * the model loader (YAML parsing, zod, link checks), and `model list` loads neither zod nor a YAML parser at all.
 * The build bundles zod into util/zod.js (scripts/bundle-zod.mjs): that module is what loading zod means here.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtKtm } from '../helpers/built.js';
import { runCli, REPO_ROOT } from '../helpers/cli.js';
import { COMMANDS, invokedCommand } from '../../src/cli/commands.js';
import type { InputError } from '../../src/util/errors.js';

const HEAVY = ['@kubernetes/client-node', '@viz-js/viz', '@marcbachmann/cel-js'];
/** ktm's one zod import site; in the build, zod is bundled into it and the 'zod' package is never resolved. */
const ZOD_MODULE = '/src/util/zod.js';

/** The resolved entries that are package `pkg` (or a subpath of it); for zod, also the module zod is bundled into. */
const resolvedOf = (packages: string[], pkg: string) =>
  packages.filter((p) => p === pkg || p.startsWith(`${pkg}/`) || (pkg === 'zod' && p.endsWith(ZOD_MODULE)));

let bin: string;
const dir = mkdtempSync(join(tmpdir(), 'ktm-startup-'));
const hooks = join(dir, 'hooks.mjs');
const preload = join(dir, 'preload.mjs');
beforeAll(() => {
  bin = builtKtm();
  // Records into $KTM_TEST_RESOLVED each bare specifier the process resolves (ESM imports and dynamic imports), and
  // the URL of each relative one (ktm's own modules).
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (!specifier.startsWith('.') && !specifier.startsWith('/') && !specifier.startsWith('file:') && !specifier.startsWith('node:')) {
    appendFileSync(process.env.KTM_TEST_RESOLVED, specifier + '\\n');
  } else if (specifier.startsWith('.')) {
    appendFileSync(process.env.KTM_TEST_RESOLVED, resolved.url + '\\n');
  }
  return resolved;
}
`,
  );
  writeFileSync(preload, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the built ktm (or `ktm` given) with the hook; returns the packages and module URLs it resolved. */
function resolvedBy(args: string[], ktm: string = bin): { status: number | null; packages: string[]; stdout: string; stderr: string } {
  const log = join(dir, `resolved-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(log, '');
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(preload).href, ktm, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, KTM_TEST_RESOLVED: log, KUBECONFIG: '' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, packages: readFileSync(log, 'utf8').split('\n').filter(Boolean), stdout: r.stdout, stderr: r.stderr };
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
    // The built-in models come validated from the build: no YAML parser, no zod.
    ['model list', ['model', 'list'], [...HEAVY, 'yaml', 'js-yaml', 'zod']],
    ['triage', ['triage', report], [...HEAVY, 'yaml']],
    // Files, not a live cluster: no Kubernetes client.
    ['reach from files', ['reach', join(REPO_ROOT, 'examples/cluster'), '--format', 'matrix'], HEAVY],
  ];
  for (const [name, args, forbidden] of cases) {
    it(`ktm ${name} does not load ${forbidden.join(', ')}`, () => {
      const r = resolvedBy(args);
      expect(r.status, r.stderr).toBe(0);
      expect(r.packages).toContain('commander'); // the hook saw the run
      for (const pkg of forbidden) expect(resolvedOf(r.packages, pkg), pkg).toEqual([]);
    });
  }

  it('the SVG diagram does load Graphviz (the hook would see a re-added import)', () => {
    const r = resolvedBy(['model', 'diagram', '--format', 'svg']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.packages).toContain('@viz-js/viz');
    expect(r.packages).not.toContain('@kubernetes/client-node');
  });
});

describe('zod is bundled by the build', () => {
  const report = join(REPO_ROOT, 'examples/reports/activator-bypasses-authorization-policy.yaml');

  it('the built triage loads util/zod.js but never resolves the zod package', () => {
    const r = resolvedBy(['triage', report]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.packages.filter((p) => p.endsWith(ZOD_MODULE)).length).toBeGreaterThan(0);
    expect(r.packages.filter((p) => p === 'zod' || p.startsWith('zod/'))).toEqual([]);
  });

  it("the bundled module exports the names src/util/zod.ts re-exports, and gives zod's English messages", async () => {
    // One piece of JS, run on the zod package (through the sources) here and on the built module in plain node.
    const messagesOf = `(z) => [{ kind: 'Y' }, { kind: 'X', level: 'c', n: 1.5, tags: [1], extra: 1 }, 3].map((v) =>
      z.strictObject({ kind: z.literal('X'), level: z.enum(['a', 'b']), n: z.number().int(), tags: z.array(z.string()) })
        .safeParse(v).error.issues.map((i) => i.message))`;
    const zod = await import('../../src/util/zod.js');
    const expected = { names: Object.keys(zod).sort(), messages: (new Function(`return ${messagesOf}`)() as (z: unknown) => string[][])(zod) };
    const bundled = pathToFileURL(join(dirname(dirname(bin)), 'util/zod.js')).href;
    const probe = `import * as z from ${JSON.stringify(bundled)};
console.log(JSON.stringify({ names: Object.keys(z).sort(), messages: (${messagesOf})(z) }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(expected.messages.flat()).toContain('Unrecognized key: "extra"');
    expect(JSON.parse(r.stdout)).toEqual(expected);
  });
});

/** Did the run load the full model loader (YAML parsing, zod validation, link checks)? */
const loadsModelLoader = (packages: string[]) => packages.some((p) => p.endsWith('/src/model/loader.js'));

describe('built-in models validated at build time', () => {
  const report = join(REPO_ROOT, 'examples/reports/activator-bypasses-authorization-policy.yaml');

  it('model list and triage do not run the model loader; a model file does (the hook would see it)', () => {
    for (const args of [['model', 'list'], ['model', 'show', 'knative-2025', '--format', 'json'], ['triage', report, '--model', 'all']]) {
      const r = resolvedBy(args);
      expect(r.status, r.stderr).toBe(0);
      expect(loadsModelLoader(r.packages), args.join(' ')).toBe(false);
    }
    const file = resolvedBy(['model', 'validate', join(REPO_ROOT, 'models/knative-2021.yaml')]);
    expect(file.status, file.stderr).toBe(0);
    expect(loadsModelLoader(file.packages)).toBe(true);
  });

  it('give the same output as the full loader (the sources, run in-process, have no artefact)', async () => {
    for (const args of [['model', 'list', '--format', 'json'], ['model', 'show', 'knative-2025', '--format', 'json'], ['triage', report, '--model', 'all', '--format', 'json', '--received', '2025-01-02']]) {
      const built = resolvedBy(args);
      const full = await runCli(args);
      expect(built.status, built.stderr).toBe(full.code);
      expect(built.stdout, args.join(' ')).toBe(full.stdout);
    }
  });

  it('a built-in model changed after the build is validated again, with the position of its error', async () => {
    // A copy of the built package whose knative-2021.yaml no longer matches the artefact; knative-2025 still does.
    const pkg = join(dir, 'changed-package');
    const builtRoot = dirname(dirname(dirname(dirname(bin)))); // <root>/out/src/cli/bin.js
    mkdirSync(pkg);
    cpSync(join(builtRoot, 'out'), join(pkg, 'out'), { recursive: true });
    cpSync(join(builtRoot, 'package.json'), join(pkg, 'package.json'));
    cpSync(join(REPO_ROOT, 'models'), join(pkg, 'models'), { recursive: true });
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(pkg, 'node_modules'));
    const changed = join(pkg, 'models/knative-2021.yaml');
    writeFileSync(changed, readFileSync(changed, 'utf8').replace(/^( {2}status:) draft$/m, '$1 drafty'));
    const ktm = join(pkg, 'out/src/cli/bin.js');

    // What the full loader says of that file, from the sources: file:line:col, message, field.
    const { loadModel } = await import('../../src/model/loader.js');
    let expected = '';
    try {
      loadModel(changed);
    } catch (err) {
      expected = (err as InputError).format();
    }
    expect(expected).toMatch(new RegExp(`^${changed}:11:\\d+: invalid threat model: .* \\(at metadata\\.status\\)$`));
    for (const args of [['model', 'list'], ['triage', report]]) {
      const r = resolvedBy(args, ktm);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toBe(`ktm: ${expected}\n`);
      expect(loadsModelLoader(r.packages)).toBe(true);
    }
    const unchanged = resolvedBy(['model', 'show', 'knative-2025', '--format', 'json'], ktm);
    expect(unchanged.status, unchanged.stderr).toBe(0);
    expect(loadsModelLoader(unchanged.packages)).toBe(false);
  });
});
