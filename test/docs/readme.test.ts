/**
 * The README (issue 13 part 7): assembled from docs/README.head.md plus a generated index of docs/ (so it cannot
 * drift), short, with a two-command quick start that package.json really runs, and every `npm run ktm -- …` command
 * of its walkthroughs run against the built CLI, ending with the exit code the README states.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/paths.js';
import { builtKtm } from '../helpers/built.js';

const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

/** Lines of the README's ```sh blocks. */
function shellLines(text: string): string[] {
  const out: string[] = [];
  let inSh = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('```')) inSh = !inSh && line.trim() === '```sh';
    else if (inSh) out.push(line);
  }
  return out;
}

interface ReadmeCommand {
  line: string;
  args: string[];
  exit: number;
}

/** `npm run ktm -- ARGS   # exit N: …` → ARGS and N; a ktm command without a stated exit code is an error. */
function ktmCommands(text: string): ReadmeCommand[] {
  const out: ReadmeCommand[] = [];
  for (const line of shellLines(text)) {
    const m = /^(?:npm run ktm -- |ktm )(.*?)\s*(?:#\s*exit (\d)\b.*)?$/.exec(line.trim());
    if (!m) continue;
    if (m[2] === undefined) throw new Error(`README command without "# exit N": ${line}`);
    out.push({ line, args: m[1].split(/\s+/), exit: Number(m[2]) });
  }
  return out;
}

describe('README', () => {
  it('is assembled from docs/ (run node scripts/build-readme.mjs after editing docs)', async () => {
    // @ts-expect-error plain ESM script without type declarations
    const { buildReadme } = await import('../../scripts/build-readme.mjs');
    expect(readme).toBe(buildReadme());
  });

  it('links every reference page in docs/ and stays short', () => {
    for (const page of readdirSync(join(REPO_ROOT, 'docs')).filter((f) => f.endsWith('.md') && f !== 'README.head.md')) {
      expect(readme).toContain(`](docs/${page})`);
    }
    for (const cmd of ['audit', 'harden', 'reach', 'pss', 'triage', 'review', 'model', 'workbench']) expect(readme).toContain(`](docs/${cmd}.md)`);
    expect(readme.split('\n').length).toBeLessThan(120);
  });

  it('quick start: two commands that package.json runs, with how long the tests take and what npm ci compiles', () => {
    const lines = shellLines(readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## Walkthroughs')));
    expect(lines.map((l) => l.replace(/\s*#.*$/, ''))).toEqual(['npm ci && npm start', 'npm ci && npm test']);
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.start).toMatch(/audit examples\/cluster .*--output ktm-report\.html/);
    expect(readme).toContain('ktm-report.html');
    expect(pkg.scripts.test).toMatch(/vitest run/);
    expect(pkg.scripts.ktm).toBe('node dist/src/cli/bin.js');
    expect(readme).toMatch(/npm ci && npm test .*about \d+ minutes on 2 cores/);
    expect(readme).toMatch(/better-sqlite3/);
    expect(readme).toMatch(/esbuild/);
  });

  it('has three walkthroughs of at most 20 lines each', () => {
    const walk = readme.slice(readme.indexOf('## Walkthroughs'), readme.indexOf('## Reference'));
    const parts = walk.split(/^\*\*(?=[A-Z][a-z]+ [a-z]+:)/m).slice(1);
    expect(parts.map((p) => p.slice(0, p.indexOf(':')))).toEqual(['Platform engineer', 'Security responder', 'Feature author']);
    for (const p of parts) expect(p.trimEnd().split('\n').length).toBeLessThanOrEqual(20);
  });

  it('runs every ktm command of the README, in order, with the exit code it states', () => {
    const commands = ktmCommands(readme);
    expect(commands.length).toBeGreaterThanOrEqual(7);
    // A scratch folder that sees the repository's examples, so files the commands write stay out of the checkout.
    const cwd = mkdtempSync(join(tmpdir(), 'ktm-readme-'));
    symlinkSync(join(REPO_ROOT, 'examples'), join(cwd, 'examples'));
    const bin = builtKtm();
    const results = commands.map((c) => ({ c, r: spawnSync(process.execPath, [bin, ...c.args], { cwd, encoding: 'utf8', timeout: 120_000 }) }));
    for (const { c, r } of results) expect({ line: c.line, exit: r.status, stderr: r.status === c.exit ? '' : r.stderr }).toEqual({ line: c.line, exit: c.exit, stderr: '' });

    // harden → audit ends as the README says: exit 1, and every finding left at moderate or above is a MANUAL.md step.
    const hardenAt = commands.findIndex((c) => c.args[0] === 'harden');
    const reaudit = commands.slice(hardenAt + 1).find((c) => c.args[0] === 'audit' && c.args.includes('hardened/'));
    expect(reaudit?.exit).toBe(1);
    const left = spawnSync(process.execPath, [bin, ...reaudit!.args, '--format', 'json'], { cwd, encoding: 'utf8' });
    const findings = JSON.parse(left.stdout).findings as { id: string; severity: string }[];
    const manual = readFileSync(join(cwd, 'hardened/MANUAL.md'), 'utf8');
    const serious = findings.filter((f) => f.severity !== 'low');
    expect(serious.length).toBeGreaterThan(0);
    for (const f of serious) expect(manual, f.id).toContain(f.id);
    // …and fewer than before harden.
    const before = spawnSync(process.execPath, [bin, ...commands[0].args, '--format', 'json'], { cwd, encoding: 'utf8' });
    expect(findings.length).toBeLessThan(JSON.parse(before.stdout).findings.length);
  }, 300_000);
});
