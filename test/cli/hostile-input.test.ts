/**
 * Hostile model files: each `ktm model validate FILE` ends with exit 2 and one line naming the file (and the line
 * and column where there is one), quickly, without a stack trace.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ktm-hostile-'));
function file(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

const HEAD = 'apiVersion: ktm/v1\nkind: ThreatModel\n';

function aliasBomb(): string {
  // Billion laughs: nine levels of ten aliases each would expand to 10^9 strings.
  const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= 9; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(',')}]`);
  return lines.join('\n') + '\n';
}

interface Case {
  name: string;
  make: () => string;
  message: RegExp;
  /** Expected `line:column` (a regex), or null when the problem has no position (the file is too big to read). */
  at: string | null;
}

const cases: Case[] = [
  { name: 'malformed YAML', make: () => file('malformed.yaml', `${HEAD}metadata: [unclosed\n  id: x\n`), message: /flow sequence/i, at: '\\d+:\\d+' },
  { name: 'a YAML alias bomb', make: () => file('bomb.yaml', aliasBomb()), message: /alias|expand/i, at: '\\d+:\\d+' },
  {
    name: 'a 50 MB file',
    make: () => file('huge.yaml', Buffer.alloc(50 * 1024 * 1024, 'a')),
    message: /larger than the limit of 4194304 bytes/,
    at: '1:4194305', // where the limit was crossed
  },
  { name: '10,000-deep flow nesting', make: () => file('deep-flow.yaml', '['.repeat(10_000) + ']'.repeat(10_000)), message: /nesting deeper than/, at: '1:\\d+' },
  { name: '10,000-deep block nesting', make: () => file('deep-block.yaml', '- '.repeat(10_000) + 'x\n'), message: /nesting (deeper than|too deep)/, at: '1:\\d+' },
  {
    name: 'a __proto__ key',
    make: () => file('proto.yaml', `${HEAD}metadata:\n  __proto__:\n    polluted: true\n`),
    message: /"__proto__" is not allowed/,
    at: '4:3',
  },
  {
    name: 'a __proto__ key in JSON',
    make: () => file('proto.json', '{"apiVersion":"ktm/v1","__proto__":{"polluted":true}}'),
    message: /"__proto__" is not allowed/,
    at: '1:\\d+',
  },
  { name: 'wrong types', make: () => file('types.yaml', `${HEAD}metadata: 5\n`), message: /invalid threat model: .*object.*\(at metadata\)/, at: '3:11' },
  {
    name: 'an unknown field',
    // A complete, valid model plus one field the schema does not know.
    make: () => file('unknown.yaml', readFileSync(join(REPO_ROOT, 'models/knative-2021.yaml'), 'utf8') + 'colour: red\n'),
    message: /invalid threat model: Unrecognized key: "colour"/,
    at: '\\d+:1',
  },
  { name: 'binary garbage (NUL bytes)', make: () => file('garbage.bin', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x00, 0xff, 0xfe])), message: /binary data/, at: '1:\\d+' },
  { name: 'binary garbage (no NUL)', make: () => file('garbage2.bin', Buffer.from([0xff, 0xfe, 0x80, 0x81, 0x9f, 0xc3, 0x28, 0x0a])), message: /expected a mapping|invalid/, at: '1:1' },
  {
    name: 'an extends cycle',
    make: () => {
      file('cycle-b.yaml', `${HEAD}extends: ./cycle-a.yaml\nmetadata: { id: b }\n`);
      return file('cycle-a.yaml', `${HEAD}extends: ./cycle-b.yaml\nmetadata: { id: a }\n`);
    },
    message: /"extends" cycle/,
    at: '3:10',
  },
  { name: 'an empty file', make: () => file('empty.yaml', ''), message: /empty/, at: '1:1' },
  { name: 'a top-level list', make: () => file('list.yaml', '- a\n- b\n'), message: /expected a mapping/, at: '1:1' },
  { name: 'two documents', make: () => file('two.yaml', `${HEAD}---\n${HEAD}`), message: /expected one document/, at: '\\d+:1' },
];

describe('ktm model validate on hostile input', () => {
  test.each(cases)('$name → exit 2 with file:line:col, no stack trace, under 2 s', async ({ name, make, message, at }) => {
    const path = make();
    // The cycle is reported in the file that closes it, which may be the other file of the pair.
    const named = name === 'an extends cycle' ? `${dir}/cycle-[ab].yaml` : escape(path);
    const started = performance.now();
    const r = await runCli(['model', 'validate', path]);
    const elapsed = performance.now() - started;
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.stderr).toMatch(message);
    const where = at === null ? `ktm: ${named}: ` : `ktm: ${named}:${at}: `;
    expect(r.stderr).toMatch(new RegExp(`^${where}`));
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(elapsed).toBeLessThan(2000);
  });

  test('hostile input on stdin is named "-"', async () => {
    const r = await runCli(['model', 'validate', '-'], { stdin: '['.repeat(10_000) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ktm: -:1:\d+: nesting deeper than/);
  });

  test('a missing file and an unknown model id are bad input, not crashes', async () => {
    const missing = await runCli(['model', 'validate', join(dir, 'nope.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.yaml: no such file/);
    const unknown = await runCli(['model', 'show', 'knative-1999']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no such model/);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
