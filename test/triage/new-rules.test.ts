/**
 * The rules issue 11 added, each made to fire and kept quiet, under both built-in models: the attacker already
 * controls the target, documented behaviour, dependency reachability (with govulncheck as evidence), hardening only,
 * and the 2021 priority of availability attacks that need no permission to deploy.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadModel } from '../../src/model/loader.js';
import { triage } from '../../src/triage/engine.js';
import type { DraftReport } from '../../src/triage/report.js';
import { BASE_SPEC, runSpec } from './spec-helpers.js';
import type { ThreatModel } from '../../src/model/schema.js';
import { runCli, REPO_ROOT } from '../helpers/cli.js';

const m2021 = loadModel('knative-2021');
const m2025 = loadModel('knative-2025');
const BOTH = [m2021, m2025];
const FIX = resolve(REPO_ROOT, 'test/triage/fixtures');
const base = BASE_SPEC;
const run = runSpec;
const tags = (model: ThreatModel, ids: string[]) => ids.map((id) => model.clauses.find((c) => c.id === id)?.rule);

describe('the attacker already controls the application they harm', () => {
  it.each(BOTH.map((m) => [m.metadata.id, m] as const))('%s: own application → attacker-controls-target; someone else\'s stays a vulnerability', (_id, m) => {
    const own = run({ attacker: { access: 'workload', userInteraction: 'none' }, targetOwner: 'attacker' }, m);
    expect([own.verdict, own.reason, own.severity]).toEqual(['not-a-vulnerability', 'attacker-controls-target', 'none']);
    expect(own.embargo.recommended).toBe(false);
    const other = run({ attacker: { access: 'workload', userInteraction: 'none' }, targetOwner: 'other' }, m);
    expect(other.verdict).toBe('vulnerability');
  });

  it('2025 cites the Attack Goals sentence, and the same-security-domain clause for a sidecar or a shared namespace', () => {
    const r = run({ component: 'queue-proxy', attacker: { access: 'workload', userInteraction: 'none' }, targetOwner: 'attacker' }, m2025);
    expect(tags(m2025, r.trace)).toEqual(['attacker-controlled-application', 'sidecar-same-domain']);
    const ns = run({ attacker: { access: 'workload', userInteraction: 'none' }, targetOwner: 'same-namespace' }, m2025);
    expect(ns.reason).toBe('attacker-controls-target');
    expect(tags(m2025, ns.trace)).toContain('sidecar-same-domain');
  });

  it('2021 is silent: decided by its purpose clause, with a note saying so', () => {
    const r = run({ attacker: { access: 'workload', userInteraction: 'none' }, targetOwner: 'attacker' }, m2021);
    expect(tags(m2021, r.trace)[0]).toBe('purpose-triage');
    expect(r.notes.join(' ')).toMatch(/no clause tagged attacker-controlled-application/);
  });

  it('a deployer harming an application in the same namespace is asked whose it is', () => {
    const spec: Partial<DraftReport['spec']> = { ...base, attacker: { access: 'workload', userInteraction: 'none' } };
    delete (spec as Record<string, unknown>).targetOwner;
    const r = run(spec, m2025);
    expect(r.verdict).toBe('needs-info');
    expect(r.questions.map((q) => q.field)).toEqual(['spec.targetOwner']);
    // An attacker with no deploy rights cannot control an application: not asked.
    expect(run({}, m2025).verdict).toBe('vulnerability');
  });
});

describe('documented behaviour', () => {
  it.each(BOTH.map((m) => [m.metadata.id, m] as const))('%s: the owner\'s documented choice is expected behaviour, the administrator\'s is insecure configuration', (_id, m) => {
    const owner = run({ documented: 'owner-choice', documentation: 'https://knative.dev/docs/serving/services/private-services/' }, m);
    expect([owner.verdict, owner.reason]).toEqual(['not-a-vulnerability', 'expected-behaviour']);
    expect(owner.rationale).toContain('https://knative.dev/docs/serving/services/private-services/');
    const admin = run({ documented: 'administrator-choice' }, m);
    expect([admin.verdict, admin.reason]).toEqual(['not-a-vulnerability', 'insecure-configuration']);
    const limitation = run({ documented: 'default-limitation' }, m);
    expect(limitation.reason).toBe('expected-behaviour');
    expect(run({ documented: 'no' }, m).verdict).toBe('vulnerability');
  });

  it('2025 cites "will be called out"; 2021 its purpose clause with a note', () => {
    expect(tags(m2025, run({ documented: 'owner-choice' }, m2025).trace)).toEqual(['documented-limitations']);
    const r = run({ documented: 'owner-choice' }, m2021);
    expect(tags(m2021, r.trace)).toEqual(['purpose-triage']);
    expect(r.notes.join(' ')).toMatch(/documented-limitations/);
  });
});

describe('dependency reports', () => {
  const critical: Partial<DraftReport['spec']> = {
    impact: { confidentiality: 'high', integrity: 'high', availability: 'high' },
    target: 'cluster',
    cvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H',
  };
  it.each(BOTH.map((m) => [m.metadata.id, m] as const))('%s: not-reached → vulnerable-code-not-reached, even with other facts open', (_id, m) => {
    const r = triage(
      { apiVersion: 'ktm/v1', kind: 'VulnerabilityReport', metadata: { title: 'x/net', references: [] }, spec: { dependency: { module: 'golang.org/x/net', reachability: 'not-reached' } } },
      [m],
    ).results[0];
    expect([r.verdict, r.reason, r.severity, r.embargo.recommended, r.cvss]).toEqual(['not-a-vulnerability', 'vulnerable-code-not-reached', 'none', false, null]);
    expect(tags(m, r.trace)).toEqual(['purpose-triage']);
  });

  it('unknown → needs-info asking whether the vulnerable code is reached', () => {
    for (const m of BOTH) {
      const r = run({ ...critical, dependency: { module: 'golang.org/x/net', reachability: 'unknown' } }, m);
      expect(r.verdict).toBe('needs-info');
      expect(r.questions[0].field).toBe('spec.dependency.reachability');
      expect(r.embargo.recommended).toBe(false);
    }
  });

  it("the dependency's own score never decides: reached without evidence is capped at moderate, no embargo", () => {
    const r = run({ ...critical, dependency: { module: 'golang.org/x/net', reachability: 'reached' } }, m2025);
    expect([r.verdict, r.severity, r.embargo.recommended]).toEqual(['vulnerability', 'moderate', false]);
    expect(r.cvss!.derived).toBe(true);
    expect(r.notes.join(' ')).toMatch(/capped at moderate/);
    expect(r.notes.join(' ')).toMatch(/rates the library, not Knative/);
  });

  it('reached with evidence keeps the severity of the facts (so real exposure is not hidden)', () => {
    const r = run({ ...critical, dependency: { module: 'golang.org/x/net', reachability: 'reached', evidence: 'govulncheck trace' } }, m2025);
    expect(r.severity).toBe('critical');
  });
});

describe('hardening only', () => {
  it.each(BOTH.map((m) => [m.metadata.id, m] as const))('%s: no demonstrated impact → hardening-only, severity none; a demonstrated one stays', (_id, m) => {
    const r = run({ impactDemonstrated: false }, m);
    expect([r.verdict, r.reason, r.severity, r.embargo.recommended]).toEqual(['not-a-vulnerability', 'hardening-only', 'none', false]);
    const none = run({ impact: { confidentiality: 'none', integrity: 'none', availability: 'none' } }, m);
    expect(none.reason).toBe('hardening-only');
    expect(run({ impactDemonstrated: true }, m).verdict).toBe('vulnerability');
  });

  it('text output says "informational (hardening)" and labels the score as the one the facts would have', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ktm-hard-'));
    const file = join(dir, 'r.yaml');
    writeFileSync(
      file,
      'apiVersion: ktm/v1\nkind: VulnerabilityReport\nmetadata: { title: weak hash in a cache key }\nspec:\n  component: activator\n  category: tampering\n' +
        '  attacker: { access: none }\n  target: system\n  impact: { confidentiality: none, integrity: low, availability: none }\n  impactDemonstrated: false\n',
    );
    const res = await runCli(['triage', file, '--model', 'knative-2025']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('severity:   informational (hardening)');
    expect(res.stdout).toMatch(/would score [\d.]+ if it were a vulnerability; not a severity/);
  });
});

describe('2021: availability attacks exploitable without the ability to submit workloads', () => {
  const dos = { category: 'denial-of-service' as const, impact: { confidentiality: 'none' as const, integrity: 'none' as const, availability: 'high' as const } };
  it('keep standard priority (the text is "particularly" concerned); with deploy rights they are lower', () => {
    const unpriv = run({ ...dos, attacker: { access: 'none', userInteraction: 'none' } }, m2021);
    expect(unpriv.priority).toBe('standard');
    expect(tags(m2021, unpriv.trace)).toContain('availability-unprivileged-concern');
    const priv = run({ ...dos, attacker: { access: 'workload', userInteraction: 'none' }, target: 'system' }, m2021);
    expect(priv.priority).toBe('lower');
  });
});

describe('govulncheck as evidence (ktm triage --govulncheck)', () => {
  const osv = resolve(FIX, 'golang-x-net.osv.json');
  const json = async (args: string[]) => {
    const res = await runCli([...args, '--format', 'json', '--model', 'all']);
    return { res, out: res.code === 0 ? JSON.parse(res.stdout) : undefined };
  };

  it('a critical dependency CVE whose vulnerable symbols Knative never calls is not a vulnerability', async () => {
    const { res, out } = await json(['triage', osv, '--from', 'osv', '--govulncheck', resolve(FIX, 'govulncheck-not-called.json')]);
    expect(res.stderr).toBe('');
    for (const r of out.results) expect([r.verdict, r.reason, r.severity, r.embargo.recommended]).toEqual(['not-a-vulnerability', 'vulnerable-code-not-reached', 'none', false]);
    expect(out.report.spec.dependency).toMatchObject({ module: 'golang.org/x/net', reachability: 'not-reached' });
    expect(out.report.spec.dependency.evidence).toMatch(/symbol-level scan.*GO-2023-2102.*no call/);
  });

  it('a call trace makes it reached (then the Knative facts are asked); a package-level scan leaves it unknown', async () => {
    const called = await json(['triage', osv, '--from', 'osv', '--govulncheck', resolve(FIX, 'govulncheck-called.json')]);
    expect(called.out.report.spec.dependency.reachability).toBe('reached');
    expect(called.out.report.spec.dependency.evidence).toMatch(/serverConn\.serve from knative\.dev\/serving\/cmd\/activator\.main/);
    for (const r of called.out.results) {
      expect(r.verdict).toBe('needs-info');
      expect(r.questions.map((q: { field: string }) => q.field)).toContain('spec.component');
    }
    const pkg = await json(['triage', osv, '--from', 'osv', '--govulncheck', resolve(FIX, 'govulncheck-package-level.json')]);
    for (const r of pkg.out.results) expect(r.questions.map((q: { field: string }) => q.field)[0]).toBe('spec.dependency.reachability');
  });

  it("without govulncheck, another project's critical advisory is never critical or embargoed for Knative", async () => {
    const { out } = await json(['triage', osv, '--from', 'osv']);
    expect(out.report.spec.component).toBe('other');
    for (const r of out.results) expect([r.severity, r.embargo.recommended]).toEqual(['none', false]);
  });

  it('bad govulncheck output is exit 2 with file:line:column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ktm-gvc-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"config": {"scan_level": "symbol"}}\n{"osv": {"id": }}\n');
    const res = await runCli(['triage', osv, '--from', 'osv', '--govulncheck', bad]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/bad\.json:2:1: not JSON/);
    writeFileSync(bad, 'Scanning your code...\n');
    const text = await runCli(['triage', osv, '--from', 'osv', '--govulncheck', bad]);
    expect(text.code).toBe(2);
    expect(text.stderr).toMatch(/bad\.json:1:1: expected govulncheck -json output/);
  });
});

describe('components: the names people write', () => {
  const write = (component: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'ktm-comp-'));
    const file = join(dir, 'r.yaml');
    writeFileSync(
      file,
      `apiVersion: ktm/v1\nkind: VulnerabilityReport\nmetadata: { title: t }\nspec:\n  component: ${component}\n  category: denial-of-service\n` +
        '  attacker: { access: none }\n  target: system\n  impact: { confidentiality: none, integrity: none, availability: high }\n',
    );
    return file;
  };
  it.each([
    ['security-guard', 'security-guard-gate'],
    ['event-source-adapter', 'receive-adapter'],
    ['kourier', 'ingress-gateway'],
    ['net-istio', 'net-istio'],
    ['Knative Operator', 'knative-operator'],
    ['kn-plugin-event', 'kn-plugins'],
    ['eventing-kafka-broker', 'kafka-broker'],
  ])('%s → %s, and the CLI says which it chose', async (name, id) => {
    const res = await runCli(['triage', write(JSON.stringify(name)), '--format', 'json']);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout).report.spec.component).toBe(id);
    if (name !== id) expect(res.stderr).toContain(`ktm: note: component "${name}" read as ${id}`);
  });

  it('an unknown name is exit 2 with the nearest suggestions and the position', async () => {
    const res = await runCli(['triage', write('activater')]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/r\.yaml:5:14: unknown component "activater": did you mean "activator"/);
  });
});

describe('reports as received', () => {
  it('a text report with nothing extractable: every fact is a question, never a guessed verdict', async () => {
    const res = await runCli(['triage', resolve(FIX, 'empty-report.txt'), '--from', 'text', '--format', 'json', '--model', 'all']);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out.proposals).toEqual([]);
    for (const r of out.results) {
      expect(r.verdict).toBe('needs-info');
      expect(r.questions.map((q: { field: string }) => q.field)).toEqual([
        'spec.component',
        'spec.category',
        'spec.attacker.access',
        'spec.target',
        'spec.impact.confidentiality',
        'spec.impact.integrity',
        'spec.impact.availability',
        'spec.requires',
      ]);
    }
  });

  it('a scanner email about a dependency: a dependency report, reachability asked, never critical or embargoed', async () => {
    const res = await runCli(['triage', resolve(FIX, 'scanner-report.md'), '--from', 'text', '--format', 'json', '--model', 'all']);
    const out = JSON.parse(res.stdout);
    expect(out.report.spec.dependency).toMatchObject({ module: 'golang.org/x/net', advisory: 'CVE-2023-39325' });
    expect(out.report.spec.component).toBe('activator');
    for (const r of out.results) {
      expect(r.verdict).toBe('needs-info');
      expect(r.questions[0].field).toBe('spec.dependency.reachability');
      expect(r.embargo.recommended).toBe(false);
    }
  });

  it('a CVE JSON 5 record imports with its vector, CWE and repository', async () => {
    const res = await runCli(['triage', resolve(FIX, 'cve-2023-48713.cve.json'), '--from', 'cve', '--format', 'json', '--model', 'all']);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out.report.metadata.id).toBe('CVE-2023-48713');
    expect(out.report.spec).toMatchObject({ component: 'autoscaler', category: 'denial-of-service', cvss: 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H' });
    expect(out.proposals.find((p: { field: string }) => p.field === 'spec.category')).toMatchObject({ source: 'cwe', evidence: 'CWE-770' });
  });
});

describe('--format report (issue 13 part 5)', () => {
  it('writes the confirmed facts as a VulnerabilityReport that replays to the same decision', async () => {
    const src = resolve(REPO_ROOT, 'examples/reports/ghsa-qmvj-4qr9-v547.json');
    const res = await runCli(['triage', src, '--from', 'ghsa', '--interactive', '--format', 'report'], { stdin: 'system\n\nno\n\n\n' });
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^# Written by ktm triage --format report/);
    expect(res.stdout).toContain('# Facts proposed from the evidence');
    const dir = mkdtempSync(join(tmpdir(), 'ktm-rep-'));
    const file = join(dir, 'confirmed.yaml');
    writeFileSync(file, res.stdout);
    const replay = await runCli(['triage', file, '--format', 'json']);
    expect(replay.stderr).toBe('');
    const r = JSON.parse(replay.stdout).results[0];
    expect([r.verdict, r.severity, r.cvss.score]).toEqual(['vulnerability', 'moderate', 6.5]);
    expect(readFileSync(file, 'utf8')).toContain('target: system');
  });

  it('the interactive questions show plain words, never raw values', async () => {
    const res = await runCli(['triage', '--interactive', '--format', 'json'], {
      stdin: ['t', 'autoscaler', 'make something stop', 'network access inside the cluster', '', "knative's own components", '1', '1', '3', '', '', '', '', ''].join('\n'),
    });
    expect(res.code).toBe(0);
    expect(res.stderr).not.toMatch(/\d\) (cluster-network|denial-of-service|own-namespace|compromised-platform):/);
    expect(res.stderr).toContain('network access inside the cluster');
    expect(JSON.parse(res.stdout).report.spec).toMatchObject({ category: 'denial-of-service', attacker: { access: 'cluster-network' }, target: 'system' });
  });
});
