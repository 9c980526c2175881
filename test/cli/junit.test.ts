/**
 * `--format junit` for audit and pss: well-formed XML (parsed back with fast-xml-parser, validated first), in the
 * shape CI systems read (testsuites > testsuite[name tests failures errors skipped] > testcase[classname name] >
 * failure[message type]), with counts that add up and failures that carry the message, clause and fix.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { renderJUnit } from '../../src/render/junit.js';

const CLUSTER = join(REPO_ROOT, 'examples/cluster');

interface Case {
  classname: string;
  name: string;
  failure?: { message: string; type: string; '#text': string };
  skipped?: { message: string };
}
interface Suite {
  name: string;
  tests: string;
  failures: string;
  errors: string;
  skipped: string;
  testcase: Case[];
}

/** Parses JUnit XML strictly: invalid XML fails the test with the parser's reason. */
function parseJUnit(xml: string): { name: string; tests: string; failures: string; testsuite: Suite[] } {
  const valid = XMLValidator.validate(xml);
  expect(valid, JSON.stringify(valid)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name) => name === 'testsuite' || name === 'testcase',
    textNodeName: '#text',
    alwaysCreateTextNode: false,
    htmlEntities: true, // numeric character references (&#10;) as a conforming XML parser decodes them
  });
  const doc = parser.parse(xml);
  return doc.testsuites;
}

/** Every count on a suite and on the root agrees with the cases under it. */
function expectCountsAddUp(root: ReturnType<typeof parseJUnit>): void {
  let tests = 0;
  let failures = 0;
  for (const s of root.testsuite) {
    expect(Number(s.tests), s.name).toBe(s.testcase.length);
    expect(Number(s.failures), s.name).toBe(s.testcase.filter((c) => c.failure).length);
    expect(Number(s.skipped), s.name).toBe(s.testcase.filter((c) => c.skipped).length);
    expect(s.errors).toBe('0');
    for (const c of s.testcase) {
      expect(c.classname).toBeTruthy();
      expect(c.name).toBeTruthy();
    }
    tests += s.testcase.length;
    failures += Number(s.failures);
  }
  expect(Number(root.tests)).toBe(tests);
  expect(Number(root.failures)).toBe(failures);
}

describe('ktm audit --format junit', () => {
  it('a verdict suite, then one suite per check; each finding a failure with message, clause and fix', async () => {
    const json = JSON.parse((await runCli(['audit', CLUSTER, '-f', 'json', '--fail-on', 'critical'])).stdout);
    const r = await runCli(['audit', CLUSTER, '-f', 'junit', '--fail-on', 'critical']);
    expect(r.code).toBe(0);
    const root = parseJUnit(r.stdout);
    expectCountsAddUp(root);
    const [verdicts, ...checks] = root.testsuite;
    expect(verdicts.testcase.map((c) => c.name)).toEqual(Object.keys(json.verdicts));
    for (const c of verdicts.testcase) expect(c.failure !== undefined, c.name).toBe(json.verdicts[c.name] === 'fail');
    // One failure per finding, each under its check's suite.
    const failures = checks.flatMap((s) => s.testcase.filter((c) => c.failure));
    expect(failures).toHaveLength(json.findings.length);
    for (const f of json.findings) {
      const suite = checks.find((s) => s.name.startsWith(`${f.id} `))!;
      const c = suite.testcase.find((x) => x.failure && x.name === (f.path ? `${f.resource} ${f.path}` : f.resource) && x.failure.message === f.message)!;
      expect(c, `${f.id} ${f.resource}`).toBeDefined();
      expect(c.classname).toBe(f.id);
      expect(c.failure!.type).toBe(f.severity);
      expect(c.failure!['#text']).toContain(`clause: ${f.clause}`);
      expect(c.failure!['#text']).toContain(`fix: ${f.fix}`);
    }
    // A check that found nothing passes, one that did not apply is skipped.
    expect(checks.some((s) => s.testcase.length === 1 && s.testcase[0].name === 'no finding' && !s.testcase[0].failure)).toBe(true);
  });

  it('checks that do not apply to the chosen tenancy are skipped, not passed', async () => {
    const root = parseJUnit((await runCli(['audit', CLUSTER, '-f', 'junit', '--tenancy', 'cluster', '--fail-on', 'critical'])).stdout);
    expectCountsAddUp(root);
    expect(root.testsuite.some((s) => s.testcase.some((c) => c.skipped))).toBe(true);
  });
});

describe('ktm pss --format junit', () => {
  it('one suite per check in effect, one case per object; a rejected object fails with the fix', async () => {
    const json = JSON.parse((await runCli(['pss', CLUSTER, '-f', 'json', '--level', 'baseline', '--no-fail-on-violation'])).stdout);
    const r = await runCli(['pss', CLUSTER, '-f', 'junit', '--level', 'baseline']);
    expect(r.code).toBe(json.entries.some((e: { allowed: boolean }) => !e.allowed) ? 1 : 0);
    const root = parseJUnit(r.stdout);
    expectCountsAddUp(root);
    expect(root.name).toBe('ktm pss baseline:latest');
    for (const s of root.testsuite) expect(s.testcase.map((c) => c.name)).toEqual(json.entries.map((e: { resource: string }) => e.resource));
    const violations = json.entries.flatMap((e: { resource: string; violations: Array<{ check: string; message: string }> }) => e.violations.map((v) => ({ ...v, resource: e.resource })));
    expect(violations.length).toBeGreaterThan(0);
    expect(Number(root.failures)).toBe(violations.length);
    for (const v of violations) {
      const c = root.testsuite.find((s) => s.testcase[0]?.classname === v.check)!.testcase.find((x) => x.name === v.resource)!;
      expect(c.failure!.message).toBe(v.message);
      expect(c.failure!['#text']).toMatch(/\nfix: \S/);
    }
  });

  it('restricted has more checks than baseline', async () => {
    const base = parseJUnit((await runCli(['pss', CLUSTER, '-f', 'junit', '--level', 'baseline'])).stdout);
    const restricted = parseJUnit((await runCli(['pss', CLUSTER, '-f', 'junit'])).stdout);
    expect(restricted.testsuite.length).toBeGreaterThan(base.testsuite.length);
    expect(restricted.testsuite.map((s) => s.testcase[0].classname)).toContain('runAsNonRoot');
  });
});

describe('the JUnit writer', () => {
  it('escapes markup, quotes, newlines and characters XML cannot carry, and keeps emoji', () => {
    const hostile = 'a <b> & "c" \'d\'\n\tline\u0000\u001b[31m 🙂 \ud800 ]]>';
    const xml = renderJUnit(hostile, [{ name: hostile, cases: [{ classname: hostile, name: hostile, failure: { message: hostile, type: hostile, text: hostile } }] }]);
    const root = parseJUnit(xml);
    const c = root.testsuite[0].testcase[0];
    const cleaned = 'a <b> & "c" \'d\'\n\tline\ufffd\ufffd[31m 🙂 \ufffd ]]>';
    expect(c.name).toBe(cleaned);
    expect(c.failure!.message).toBe(cleaned);
    expect(root.testsuite[0].name).toBe(cleaned);
  });
});
