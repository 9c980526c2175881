import { describe, it, expect } from 'vitest';
import { runCli } from '../helpers/cli.js';

const GOOD = `apiVersion: ktm/v1
kind: VulnerabilityReport
metadata:
  title: t
spec:
  component: autoscaler
  category: denial-of-service
  attacker: { access: workload, userInteraction: none }
  target: system
  impact: { confidentiality: none, integrity: none, availability: high }
`;

describe('malformed reports exit 2 naming the field', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['unknown component', GOOD.replace('component: autoscaler', 'component: autoscalr'), /<stdin>:6:14: unknown component "autoscalr".*\(at spec\.component\)/],
    ['bad enum', GOOD.replace('access: workload', 'access: root'), /<stdin>:8:23: invalid VulnerabilityReport: .*\(at spec\.attacker\.access\)/],
    ['bad category', GOOD.replace('denial-of-service', 'dos'), /<stdin>:7:13: .*\(at spec\.category\)/],
    ['missing field', GOOD.replace('  target: system\n', ''), /invalid VulnerabilityReport: .*\(at spec\.target\)/],
    ['missing impact part', GOOD.replace('integrity: none, ', ''), /\(at spec\.impact\.integrity\)/],
    ['unknown field', GOOD.replace('  target: system\n', '  target: system\n  severity: high\n'), /\(at spec\)|severity/],
    ['bad vector', `${GOOD}  cvss: CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:Q\n`, /bad CVSS vector: metric A has the invalid value "Q".*\(at spec\.cvss\)/],
    ['wrong kind', GOOD.replace('kind: VulnerabilityReport', 'kind: ThreatModel'), /\(at kind\)/],
    ['not YAML', '{ unclosed: [', /<stdin>:\d+:\d+:/],
    ['empty', '', /the file is empty/],
  ];
  it.each(cases)('%s', async (_name, text, message) => {
    const res = await runCli(['triage', '-'], { stdin: text });
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(message);
    expect(res.stderr).not.toMatch(/\n\s+at /); // no stack trace (source or compiled)
    expect(res.stderr.trim().split("\n")).toHaveLength(1);
  });

  it('the good report passes', async () => {
    expect((await runCli(['triage', '-'], { stdin: GOOD })).code).toBe(0);
  });

  it.each([
    [['triage'], /give a report file/],
    [['triage', '-', '--format', 'pdf'], /--format/],
    [['triage', '-', '--from', 'nvd'], /--from/],
    [['triage', '-', '--received', '2024-02-30'], /--received/],
    [['triage', '-', '--model', 'knative-1999'], /knative-1999/],
  ])('usage error %j', async (args, message) => {
    const res = await runCli(args as string[], { stdin: GOOD });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(message);
  });

  it('a missing file names the file', async () => {
    const res = await runCli(['triage', '/nonexistent/report.yaml']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('/nonexistent/report.yaml: no such file');
  });
});
