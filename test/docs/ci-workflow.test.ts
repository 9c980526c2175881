/**
 * docs/ci/ktm-audit.yml does what it says: its `run:` steps, executed as GitHub runs them (bash -eo pipefail, the
 * workflow and step env, RUNNER_TEMP) with the built ktm on PATH in a scratch git repository whose base commit holds
 * examples/cluster, pass on a pull request that brings no new finding and fail on one that does, leaving a SARIF file
 * (valid, with baselineState) for the upload step.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, SHARED } from '../helpers/paths.js';
import { builtKtm } from '../helpers/built.js';
import { AjvDraft04, addFormats } from '../helpers/ajv.js';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}

const workflow = parse(readFileSync(join(REPO_ROOT, 'docs/ci/ktm-audit.yml'), 'utf8'));
const steps: Step[] = workflow.jobs.audit.steps;
const INSTALL = steps.find((s) => s.name === 'Install ktm')!;
const runSteps = steps.filter((s) => s.run !== undefined && s !== INSTALL);

const git = (cwd: string, ...args: string[]) => {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
};

let binDir: string;
beforeAll(() => {
  binDir = mkdtempSync(join(tmpdir(), 'ktm-ci-bin-'));
  writeFileSync(join(binDir, 'ktm'), `#!/bin/sh\nexec "${process.execPath}" "${builtKtm()}" "$@"\n`);
  chmodSync(join(binDir, 'ktm'), 0o755);
}, 180_000);

/** A repository whose base commit has examples/cluster in `deploy/`, and a head commit made by `change`. */
function pullRequest(change: (repo: string) => void, prepareBase: (repo: string) => void = () => undefined): { repo: string; base: string } {
  const repo = mkdtempSync(join(tmpdir(), 'ktm-ci-repo-'));
  git(repo, 'init', '-q', '-b', 'main');
  cpSync(join(REPO_ROOT, 'examples/cluster'), join(repo, 'deploy'), { recursive: true });
  prepareBase(repo);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'base');
  const base = git(repo, 'rev-parse', 'HEAD');
  change(repo);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'head');
  return { repo, base };
}

/** GitHub expressions the steps may use, with the values the event would give. */
function expand(value: string, ctx: Record<string, string>): string {
  return value.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, expr: string) => {
    if (!(expr in ctx)) throw new Error(`the test does not know the expression ${expr}`);
    return ctx[expr];
  });
}

/** One step's script under bash as the runner starts it; asynchronous, so the test worker stays responsive. */
function bash(script: string, cwd: string, env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, output });
    });
  });
}

/** Runs the workflow's run steps in order, as the runner would; stops at the first failing step. */
async function runWorkflow(pr: { repo: string; base: string }): Promise<{ failedStep?: string; code: number; log: string }> {
  const runnerTemp = mkdtempSync(join(tmpdir(), 'ktm-ci-runner-'));
  const ctx = { 'github.event.pull_request.base.sha': pr.base };
  let log = '';
  for (const step of runSteps) {
    const env: Record<string, string> = { ...(process.env as Record<string, string>), PATH: `${binDir}:${process.env.PATH}`, RUNNER_TEMP: runnerTemp, GITHUB_WORKSPACE: pr.repo };
    for (const [k, v] of Object.entries({ ...workflow.env, ...(step.env ?? {}) })) env[k] = expand(String(v), ctx);
    const r = await bash(expand(step.run!, ctx), pr.repo, env);
    log += `## ${step.name}\n${r.output}`;
    if (r.code !== 0) return { failedStep: step.name, code: r.code, log };
  }
  return { code: 0, log };
}

function sarifOf(repo: string): any {
  return JSON.parse(readFileSync(join(repo, 'ktm.sarif'), 'utf8'));
}

describe('docs/ci/ktm-audit.yml', () => {
  it('is a pull_request workflow that installs ktm, audits base and head, and uploads the SARIF the audit writes', () => {
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    expect(workflow.permissions['security-events']).toBe('write');
    expect(INSTALL.run).toContain('npm install --global "$KTM_PACKAGE"');
    expect(runSteps.map((s) => s.name)).toEqual(['Audit the base branch (the baseline)', 'Audit the pull request (fails on new findings)']);
    expect(runSteps[1].run).toMatch(/--baseline "\$RUNNER_TEMP\/ktm-base\.json" --fail-on-new/);
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    expect(upload.if).toMatch(/^always\(\)/);
    expect(runSteps[1].run).toContain(`--output ${upload.with!.sarif_file}`);
  });

  it('passes on a pull request that brings no new finding (the base has findings of its own)', async () => {
    const pr = pullRequest((repo) => writeFileSync(join(repo, 'deploy/README.md'), 'edited\n'));
    const r = await runWorkflow(pr);
    expect(r.failedStep, r.log).toBeUndefined();
    const results = sarifOf(pr.repo).runs[0].results;
    expect(results.length).toBeGreaterThan(10);
    expect(new Set(results.map((x: any) => x.baselineState))).toEqual(new Set(['unchanged']));
  }, 180_000);

  it('fails on a pull request that brings a new finding, and its SARIF (valid) says which are new', async () => {
    const pr = pullRequest((repo) => cpSync(join(REPO_ROOT, 'test/audit/baseline/new-risk.yaml'), join(repo, 'deploy/96-debug.yaml')));
    const r = await runWorkflow(pr);
    expect(r.failedStep, r.log).toBe('Audit the pull request (fails on new findings)');
    expect(r.code).toBe(1);
    expect(r.log).toMatch(/ktm audit: wrote ktm\.sarif \(.*; [1-9]\d* new since the baseline\)/);
    const doc = sarifOf(pr.repo);
    const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(SHARED, 'fixtures/schemas/sarif/sarif-schema-2.1.0.json'), 'utf8')));
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    const fresh = doc.runs[0].results.filter((x: any) => x.baselineState === 'new');
    expect(fresh.map((x: any) => x.properties.resource)).toContain('Deployment/shop/debug-shell');
    expect(fresh.every((x: any) => x.locations[0].physicalLocation.artifactLocation.uri === 'deploy/96-debug.yaml' || x.properties.resource.startsWith('Namespace/'))).toBe(true);
  }, 180_000);

  it('a broken manifest in the base stops the job (exit 2 is not "findings")', async () => {
    const pr = pullRequest(
      (repo) => rmSync(join(repo, 'deploy/99-broken.yaml')),
      (repo) => writeFileSync(join(repo, 'deploy/99-broken.yaml'), 'kind: [\n'),
    );
    const r = await runWorkflow(pr);
    expect(r.failedStep, r.log).toBe('Audit the base branch (the baseline)');
    expect(r.code).toBe(2);
    expect(r.log).toMatch(/ktm: deploy\/99-broken\.yaml:\d+:\d+: /);
  }, 180_000);
});
