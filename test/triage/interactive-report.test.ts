/**
 * Issue 13 part 5: interactive triage saves its work. The answers, written with `--format report` (or `-o FILE.yaml`),
 * are a VulnerabilityReport that `ktm triage` reads back to the same verdict; a not-a-vulnerability result never shows
 * its CVSS score as a severity, in text or Markdown.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { triageQuestions } from '../../src/triage/questions.js';

// title, component, category, access, user interaction (default), target, C, I, A, complexity (default), requires,
// equally affects Kubernetes (default), documented (default), impact demonstrated (default).
const VULNERABLE = ['Pods can crash the autoscaler', 'autoscaler', '5', 'workload', '', 'system', 'none', '1', 'high', '', 'none', '', '', ''];
// The same attack needing cluster-admin rights: the trusted administrator, not a vulnerability.
const ADMIN_ONLY = ['Cluster admins can crash the autoscaler', 'autoscaler', '5', 'cluster administrator rights', '', 'system', 'none', '1', 'high', '', 'none', '', '', ''];

async function saved(answers: string[]): Promise<{ file: string; interactive: Record<string, any> }> {
  const file = join(mkdtempSync(join(tmpdir(), 'ktm-answers-')), 'answers.yaml');
  // No --format: the .yaml extension asks for the report.
  const save = await runCli(['triage', '--interactive', '--received', '2024-01-02', '-o', file], { stdin: answers.join('\n') + '\n' });
  expect(save.code, save.stderr).toBe(0);
  const json = await runCli(['triage', '--interactive', '--received', '2024-01-02', '-f', 'json'], { stdin: answers.join('\n') + '\n' });
  return { file, interactive: JSON.parse(json.stdout) };
}

describe('ktm triage --interactive saves its work', () => {
  it('the saved answers are a VulnerabilityReport that replays to the same verdict, severity and score', async () => {
    for (const answers of [VULNERABLE, ADMIN_ONLY]) {
      const { file, interactive } = await saved(answers);
      const doc = parseYaml(readFileSync(file, 'utf8'));
      expect(doc).toMatchObject({ apiVersion: 'ktm/v1', kind: 'VulnerabilityReport', metadata: { title: answers[0] } });
      const replay = await runCli(['triage', file, '--received', '2024-01-02', '-f', 'json']);
      expect(replay.code).toBe(0);
      expect(replay.stderr).toBe(''); // nothing left to ask
      const again = JSON.parse(replay.stdout);
      const pick = (o: Record<string, any>) => o.results.map((r: Record<string, any>) => [r.verdict, r.reason, r.severity, r.cvss?.vector, r.trace]);
      expect(pick(again)).toEqual(pick(interactive));
      // The saved report holds every answer (plus the defaults triage filled in).
      expect(again.report.spec).toMatchObject(interactive.report.spec);
    }
  });

  it('the two answers give different verdicts (the replay test above can tell them apart)', async () => {
    const vulnerable = (await saved(VULNERABLE)).interactive.results[0];
    const admin = (await saved(ADMIN_ONLY)).interactive.results[0];
    expect(vulnerable.verdict).toBe('vulnerability');
    expect(admin).toMatchObject({ verdict: 'not-a-vulnerability', reason: 'trusted-administrator', severity: 'none' });
  });

  it('every choice is shown in plain words, never as the raw value the report stores', async () => {
    const r = await runCli(['triage', '--interactive', '-f', 'report'], { stdin: VULNERABLE.join('\n') + '\n' });
    expect(r.code).toBe(0);
    const shown = r.stderr.split('\n').filter((l) => /^\s+\d+\) /.test(l)).map((l) => l.replace(/^\s+\d+\) /, ''));
    expect(shown.length).toBeGreaterThan(30);
    for (const q of triageQuestions([])) {
      for (const c of q.choices) {
        // A raw enum value (kebab-case or a bare true/false) never appears as a choice's words.
        if (/^[a-z]+(-[a-z]+)+$|^(true|false)$/.test(c.value)) expect(shown, `${q.field}: ${c.value}`).not.toContain(c.value);
      }
    }
    expect(r.stderr).not.toMatch(/\d\) (denial-of-service|cluster-network|own-namespace|compromised-platform|true|false)\b/);
  });

  it('a not-a-vulnerability result labels its CVSS score as the score the facts would have, in text and Markdown', async () => {
    const { file } = await saved(ADMIN_ONLY);
    const text = (await runCli(['triage', file, '--model', 'all'])).stdout;
    const cvssLines = text.split('\n').filter((l) => /^\s+cvss( 4\.0)?:/.test(l));
    expect(cvssLines.length).toBeGreaterThan(0);
    for (const l of cvssLines) expect(l).toMatch(/would score [\d.]+ if it were a vulnerability; not a severity$/);
    const md = (await runCli(['triage', file, '--model', 'all', '-f', 'md'])).stdout;
    const scoreLines = md.split('\n').filter((l) => /CVSS/.test(l) && /\d\.\d/.test(l) && !l.startsWith('| model'));
    expect(scoreLines.length).toBeGreaterThan(0);
    for (const l of scoreLines) expect(l).toMatch(/would score [\d.]+ if it were a vulnerability; not a severity/);
  });
});
