import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { readSources } from '../../src/k8s/load.js';

describe('deploy/', () => {
  it('passes ktm pss at restricted', async () => {
    const res = await runCli(['pss', join(REPO_ROOT, 'deploy'), '--level', 'restricted', '--format', 'json']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const { entries } = JSON.parse(res.stdout);
    expect(entries.some((e: any) => /CronJob/.test(e.resource))).toBe(true);
    for (const e of entries) expect(e.allowed).toBe(true);
  });
  it('grants no Secrets and writes nothing but policy reports (wgpolicyk8s.io or openreports.io)', () => {
    const objs = readSources([join(REPO_ROOT, 'deploy')]);
    for (const r of objs.filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role')) {
      for (const rule of r.obj.rules) {
        expect(rule.resources).not.toContain('secrets');
        expect(rule.resources).not.toContain('*');
        expect(rule.verbs).not.toContain('*');
        const writes = rule.verbs.filter((v: string) => !['get', 'list', 'watch'].includes(v));
        if (writes.length) expect([['wgpolicyk8s.io'], ['openreports.io']]).toContainEqual(rule.apiGroups);
      }
    }
  });
});
