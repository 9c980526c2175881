/**
 * `ktm reach` namespace views: golden files for each format on the example cluster (activator and gateway paths),
 * the sparse and summary semantics on a hand-made matrix, the summary as default beyond 100 namespaces, and that no
 * writer hands its sink a piece bigger than one row (the matrix must never be one string).
 * Regenerate goldens with UPDATE_GOLDEN=1 after an intended change, and review the diff.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it, test } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import type { Cell, NamespaceMatrix } from '../../src/netpol/index.js';
import { writeMatrixDot, writeMatrixSvg, writeMatrixText, writeReachJson } from '../../src/render/reach-matrix.js';
import { rowDefault, writeMatrixCsv, writeSparseJsonl, writeSparseText, writeSummary } from '../../src/render/reach-views.js';
import { collectText, type TextSink } from '../../src/render/text-sink.js';
import { SUMMARY_BEYOND_NAMESPACES } from '../../src/cli/reach.js';

const GOLDEN = resolve(REPO_ROOT, 'test/netpol/golden');
const EXAMPLE = join(REPO_ROOT, 'examples/cluster');
const update = process.env.UPDATE_GOLDEN === '1';
const dir = mkdtempSync(join(tmpdir(), 'ktm-reach-formats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function golden(name: string, args: string[]): Promise<void> {
  const r = await runCli(args);
  expect(r.code, r.stderr).toBe(0);
  const path = join(GOLDEN, name);
  if (update || !existsSync(path)) {
    if (!update) throw new Error(`golden file ${name} is missing: run with UPDATE_GOLDEN=1`);
    writeFileSync(path, r.stdout);
  }
  expect(r.stdout).toBe(readFileSync(path, 'utf8'));
}

describe('golden namespace views of the example cluster', () => {
  for (const [format, ext] of [
    ['sparse', 'txt'],
    ['jsonl', 'jsonl'],
    ['summary', 'txt'],
    ['csv', 'csv'],
    ['matrix', 'txt'],
  ] as const) {
    test(`--format ${format}`, () => golden(`example-${format}.${ext}`, ['reach', EXAMPLE, '--format', format]));
  }

  it('--output writes the same bytes to a file', async () => {
    const file = join(dir, 'sparse.txt');
    const r = await runCli(['reach', EXAMPLE, '--format', 'sparse', '--output', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(join(GOLDEN, 'example-sparse.txt'), 'utf8'));
  });

  it('jsonl is one JSON object per line, and agrees with the full matrix', async () => {
    const lines = (await runCli(['reach', EXAMPLE, '--format', 'jsonl'])).stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    const doc = JSON.parse((await runCli(['reach', EXAMPLE, '--format', 'json'])).stdout);
    const defaults = new Map<string, string>();
    const exceptions = new Map<string, string>();
    for (const l of lines) {
      if ('default' in l) defaults.set(l.from, l.default);
      else exceptions.set(`${l.from} ${l.to}`, l.reach);
    }
    for (const a of doc.matrix.namespaces) {
      for (const b of doc.matrix.namespaces) expect(exceptions.get(`${a} ${b}`) ?? defaults.get(a), `${a} → ${b}`).toBe(doc.matrix.cells[a][b]);
    }
  });
});

/** A matrix from rows of cell letters: d direct, a via-activator, g via-gateway, b via-broker, . none. */
function matrixOf(rows: Record<string, string>): NamespaceMatrix {
  const names = Object.keys(rows);
  const code: Record<string, Cell> = { d: 'direct', a: 'via-activator', g: 'via-gateway', b: 'via-broker', '.': 'none' };
  return { namespaces: names, cell: (from, to) => code[rows[from][names.indexOf(to)]] };
}

describe('sparse and summary semantics', () => {
  const m = matrixOf({ a: 'dgg.', b: 'gdgg', c: '..d.', x: 'dd..' });

  it("a row's default is its most common cell; a tie goes to the weaker kind", () => {
    expect(rowDefault(m, 'a')).toBe('via-gateway');
    expect(rowDefault(m, 'b')).toBe('via-gateway');
    expect(rowDefault(m, 'c')).toBe('none');
    expect(rowDefault(m, 'x')).toBe('none'); // 2 direct, 2 none
  });

  it('sparse lists the default, then only the destinations that differ from it', () => {
    expect(collectText((s) => writeSparseText(m, s)).split('\n').slice(1)).toEqual([
      'a     *     via-gateway',
      'a     a     direct',
      'a     x     -',
      'b     *     via-gateway',
      'b     b     direct',
      'c     *     -',
      'c     c     direct',
      'x     *     -',
      'x     a     direct',
      'x     b     direct',
      '',
    ]);
  });

  it('summary counts, per destination, the other namespaces by kind of path', () => {
    const lines = collectText((s) => writeSummary(m, s)).split('\n');
    expect(lines[1].split(/\s+/)).toEqual(['namespace', 'direct', 'via-activator', 'via-gateway', 'via-broker', 'none', 'self']);
    // into a: x direct, b gateway, c none
    expect(lines[2].split(/\s+/)).toEqual(['a', '1', '0', '1', '0', '1', 'direct']);
    // into x: a none, b gateway, c none
    expect(lines[5].split(/\s+/)).toEqual(['x', '0', '0', '1', '0', '2', '-']);
  });
});

describe('beyond 100 namespaces', () => {
  const many = Array.from({ length: SUMMARY_BEYOND_NAMESPACES + 1 }, (_, i) =>
    `apiVersion: v1\nkind: Namespace\nmetadata: {name: ns-${String(i).padStart(3, '0')}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ns-${String(i).padStart(3, '0')}, labels: {app: p}}\nspec: {containers: [{name: c, image: x}]}\n`,
  ).join('---\n');

  it('without --format, the summary is shown with a one-line note saying how to get the pairs', async () => {
    const r = await runCli(['reach', '-'], { stdin: many });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^ktm: note: 101 namespaces, too many for a readable matrix: showing the summary .*--format matrix/m);
    expect(r.stdout.split('\n')[1]).toMatch(/^namespace\s+direct/);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(2 + SUMMARY_BEYOND_NAMESPACES + 1);
    // no policy: every other namespace reaches each one directly; one workload alone has no pair within its namespace
    expect(r.stdout.split('\n')[2].split(/\s+/)).toEqual(['ns-000', '100', '0', '0', '0', '0', '-']);
  });

  it('an explicit --format is kept', async () => {
    const r = await runCli(['reach', '-', '--format', 'matrix'], { stdin: many });
    expect(r.stderr).not.toContain('note:');
    expect(r.stdout.split('\n')[0]).toMatch(/^from \\ to\s+ns-000/);
  });
});

describe('no writer builds the matrix as one string', () => {
  const n = 300;
  const names = Array.from({ length: n }, (_, i) => `namespace-${i}`);
  const m: NamespaceMatrix = { namespaces: names, cell: (a, b) => (a === b ? 'direct' : (a.length + b.length) % 3 === 0 ? 'via-gateway' : 'none') };
  // One matrix row of the widest format (SVG: ~130 characters per cell) is the most any single write may carry.
  // A row's cells: at most one frame and four path-kind corners each (the SVG), a bounded number of characters.
  const rowBound = n * 400;
  const writers: Array<[string, (sink: TextSink) => void]> = [
    ['matrix', (s) => writeMatrixText(m, s)],
    ['svg', (s) => writeMatrixSvg(m, s)],
    ['dot', (s) => writeMatrixDot(m, s)],
    ['csv', (s) => writeMatrixCsv(m, s)],
    ['sparse', (s) => writeSparseText(m, s)],
    ['jsonl', (s) => writeSparseJsonl(m, s)],
    ['summary', (s) => writeSummary(m, s)],
    ['json', (s) => writeReachJson({ connections: [], paths: [], matrix: m, facts: [], warnings: [], knativeHops: false, input: { sources: ['generated'] } }, s)],
  ];
  for (const [name, write] of writers) {
    it(name, () => {
      let largest = 0;
      let total = 0;
      write({
        write(t) {
          largest = Math.max(largest, t.length);
          total += t.length;
        },
      });
      expect(total).toBeGreaterThan(0);
      expect(largest).toBeLessThanOrEqual(rowBound);
    });
  }

  it('the streamed json is the document JSON.parse reads back', () => {
    const doc = JSON.parse(collectText((s) => writeReachJson({ connections: [], paths: [], matrix: m, facts: [], warnings: ['w'], knativeHops: false, input: { sources: ['generated'] } }, s)));
    expect(Object.keys(doc)).toEqual(['apiVersion', 'connections', 'facts', 'kind', 'knativeHops', 'matrix', 'metadata', 'paths', 'warnings']);
    expect(doc.kind).toBe('ReachReport');
    expect(doc.matrix.cells['namespace-1']['namespace-1']).toBe('direct');
    expect(Object.keys(doc.matrix.cells)).toHaveLength(n);
  });
});
