/**
 * `ktm reach diff`: connections and Knative hub paths added, removed and changed between two inputs, in every format
 * (goldens under test/netpol/diff/; UPDATE_GOLDEN=1 rewrites them), and the BEFORE… -- AFTER… argument split.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { ConnectionSet } from '../../src/netpol/connection-set.js';
import { diffReach, type ReachRow } from '../../src/netpol/diff.js';
import { splitSides } from '../../src/cli/reach.js';

const CLUSTER = join('examples', 'cluster');
const CHANGE = join('test', 'netpol', 'diff', 'blog-lockdown.yaml');
const GOLDEN = join(REPO_ROOT, 'test', 'netpol', 'diff');

function golden(name: string, text: string): void {
  const file = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, text);
  if (!existsSync(file)) throw new Error(`golden file ${name} is missing: run with UPDATE_GOLDEN=1`);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

/** Runs from the repository root so the sources named in the output are relative, as a user would type them. */
async function diff(args: string[]) {
  const cwd = process.cwd();
  process.chdir(REPO_ROOT);
  try {
    return await runCli(['reach', 'diff', ...args]);
  } finally {
    process.chdir(cwd);
  }
}

describe('ktm reach diff', () => {
  for (const format of ['txt', 'md', 'json', 'csv'] as const) {
    it(`${format}: the lockdown change, against its golden`, async () => {
      const r = await diff(['--format', format, CLUSTER, '--', CLUSTER, CHANGE]);
      expect(r.stderr).not.toMatch(/error/);
      expect(r.code).toBe(0);
      golden(`lockdown.${format}`, r.stdout);
    });
  }

  it('names the port change, the closed direct paths and the closed hub paths', async () => {
    const r = await diff(['--format', 'json', CLUSTER, '--', CLUSTER, CHANGE]);
    const doc = JSON.parse(r.stdout);
    const changed = doc.changes.filter((c: any) => c.change === 'changed');
    expect(changed).toEqual([
      expect.objectContaining({ src: 'blog/web[Service]', dst: 'blog/comments-db[Deployment]', path: 'direct', before: expect.objectContaining({ conn: 'All Connections' }), after: expect.objectContaining({ conn: 'TCP 5432' }) }),
    ]);
    const hub = doc.changes.find((c: any) => c.src === 'analytics/ingest[Service]' && c.dst === 'shop/storefront[Service]' && c.path === 'via-gateway');
    expect(hub).toMatchObject({ change: 'removed', after: null, before: { via: ['kourier-system/3scale-kourier-gateway'] } });
    expect(doc.summary).toEqual({ added: 0, removed: doc.changes.length - 1, changed: 1 });
  });

  it('the other way round, every removal is an addition', async () => {
    const fwd = JSON.parse((await diff(['--format', 'json', CLUSTER, '--', CLUSTER, CHANGE])).stdout);
    const back = JSON.parse((await diff(['--format', 'json', CLUSTER, CHANGE, '--', CLUSTER])).stdout);
    expect(back.summary).toEqual({ added: fwd.summary.removed, removed: fwd.summary.added, changed: fwd.summary.changed });
  });

  it('two folders (or files) need no --; the same input twice has no change', async () => {
    const r = await diff([CLUSTER, CLUSTER]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('reach diff examples/cluster -> examples/cluster: 0 added, 0 removed, 0 changed\n');
  });

  it('--no-knative-hops leaves the hub paths out', async () => {
    const r = await diff(['--no-knative-hops', '--format', 'csv', CLUSTER, '--', CLUSTER, CHANGE]);
    expect(r.stdout).not.toMatch(/via-/);
    expect(r.stdout).toMatch(/^removed,analytics\/ingest\[Service\],knative-serving\/activator\[Deployment\],direct,All Connections,$/m);
  });

  it('usage errors: three sources and no --, nothing on one side, an option after --', async () => {
    for (const args of [[CLUSTER, CLUSTER, CHANGE], [CLUSTER, '--'], [CLUSTER, '--', CLUSTER, '--format', 'md']]) {
      const r = await diff(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')[0]).toMatch(/^ktm reach diff: (?!reach diff)/);
    }
  });
});

describe('splitSides', () => {
  it('splits the operands where -- was', () => {
    expect(splitSides(['a', 'b', 'c'], ['node', 'ktm', 'reach', 'diff', 'a', 'b', '--', 'c'])).toEqual({ before: ['a', 'b'], after: ['c'] });
    expect(splitSides(['a', 'b'], ['node', 'ktm', 'reach', 'diff', 'a', 'b'])).toEqual({ before: ['a'], after: ['b'] });
  });
});

describe('diffReach', () => {
  const row = (conns: ConnectionSet, via: string[] = [], kind: ReachRow['kind'] = 'direct'): ReachRow => ({ src: 'a/x[Deployment]', dst: 'b/y[Deployment]', kind, conns, via });
  const key = (r: ReachRow) => `${r.src}\u0000${r.dst}\u0000${r.kind}`;
  const map = (...rows: ReachRow[]) => new Map(rows.map((r) => [key(r), r]));
  it('a hub path through another hub is changed; equal rows are no change', () => {
    const g1 = row(ConnectionSet.ALL, ['kourier-system/gw-a'], 'via-gateway');
    const g2 = row(ConnectionSet.ALL, ['kourier-system/gw-b'], 'via-gateway');
    expect(diffReach(map(g1), map(g2)).map((c) => c.change)).toEqual(['changed']);
    expect(diffReach(map(g1), map({ ...g1 }))).toEqual([]);
  });
  it('a path kind that moved is one removed and one added row, direct first', () => {
    const d = row(ConnectionSet.ports('TCP', 80));
    const g = row(ConnectionSet.ports('TCP', 80), ['kourier-system/gw'], 'via-gateway');
    expect(diffReach(map(d), map(g)).map((c) => `${c.change} ${c.kind}`)).toEqual(['removed direct', 'added via-gateway']);
  });
});
