/**
 * The workbench heat maps read what `ktm audit --format json` really writes (not a guessed shape).
 */
import { describe, it, expect } from 'vitest';
import { resolve } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { findingNamespace, findingsGrid, reachabilityGrid } from '../../src/server/heatmap.js';
import type { AuditResult } from '../../src/server/audit-reports.js';

describe('heat maps of a real audit result', async () => {
  const r = await runCli(['audit', resolve(REPO_ROOT, 'examples/cluster'), '--format', 'json', '--fail-on', 'critical']);
  const result = JSON.parse(r.stdout) as AuditResult;

  it('puts each finding in the namespace of its object', () => {
    expect(findingNamespace({ resource: 'ConfigMap/knative-serving/config-features' } as never)).toBe('knative-serving');
    expect(findingNamespace({ resource: 'Namespace/blog' } as never)).toBe('blog');
    expect(findingNamespace({ resource: 'ClusterRoleBinding/ci-admin' } as never)).toBe('(cluster)');
    const grid = findingsGrid(result);
    for (const t of ['analytics', 'blog', 'shop']) expect(grid.rows).toContain(t);
  });

  it('shows the tenant reachability matrix with its path kinds', () => {
    const grid = reachabilityGrid(result)!;
    expect(grid.rows).toEqual(['analytics', 'blog', 'shop']);
    const at = (f: string, t: string) => grid.text![grid.rows.indexOf(f)][grid.columns.indexOf(t)];
    const kinds = (result.reachability as { kinds: Record<string, Record<string, string[]>> }).kinds;
    expect(at('blog', 'analytics')).toBe(kinds.blog.analytics.join(' + '));
    expect(at('shop', 'blog')).toBe(kinds.shop.blog.join(' + '));
    expect(kinds.blog.analytics.length).toBeGreaterThan(1);
    expect(at('blog', 'blog')).toBe('—');
  });
});
