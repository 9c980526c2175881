/**
 * docs/review.md lists every component and flow id of the built-in models (generated; UPDATE_GOLDEN=1 rewrites
 * the block, then run `node scripts/build-readme.mjs`), and the `--init` skeleton is a valid design.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { listBuiltinModels, loadModel } from '../../src/model/loader.js';
import { renderModelIds, withModelIds } from '../../src/review/model-ids.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

const models = listBuiltinModels().map((m) => loadModel(m.id));

describe('docs/review.md', () => {
  it('lists every component and flow id of every built-in model, as the models say today', () => {
    const page = resolve(REPO_ROOT, 'docs/review.md');
    const text = readFileSync(page, 'utf8');
    const fresh = withModelIds(text, renderModelIds(models));
    if (process.env.UPDATE_GOLDEN) writeFileSync(page, fresh);
    expect(text).toBe(fresh);
    for (const m of models) {
      for (const c of m.components) expect(text).toContain(`| \`${c.id}\` |`);
      for (const f of m.dataFlows) expect(text).toContain(`| \`${f.id}\` |`);
    }
    for (const id of ['node', 'container-runtime', 'kubelet']) expect(text).toContain(`| \`${id}\` |`);
  });
});

describe('ktm review --init', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ktm-review-init-'));
  it('writes a commented skeleton that reviews as it stands', async () => {
    const file = join(dir, 'design.yaml');
    const r = await runCli(['review', '--init', file]);
    expect(r.code).toBe(0);
    expect(existsSync(file)).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^# A FeatureDesign/);
    expect(text).toContain("['spec.template.spec.volumes[].hostPath']");
    const review = await runCli(['review', file, '--format', 'json', '--fail-on', 'none']);
    expect(review.stderr).toBe('');
    expect(review.code).toBe(0);
  });
  it('prints it without a file, and never overwrites one', async () => {
    const r = await runCli(['review', '--init']);
    expect(r.stdout).toMatch(/^# A FeatureDesign/);
    const file = join(dir, 'exists.yaml');
    writeFileSync(file, 'keep me');
    const again = await runCli(['review', '--init', file]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists/);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });
  it('still wants a design without --init', async () => {
    const r = await runCli(['review']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/design/);
  });
});
