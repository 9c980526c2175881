import { describe, it, expect } from 'vitest';
import { resolve } from 'node:path';
import { runCli, REPO_ROOT } from '../helpers/cli.js';
import { parseAnswer } from '../../src/triage/interactive.js';
import { triageQuestions } from '../../src/triage/questions.js';

describe('ktm triage --interactive', () => {
  it('asks every question in plain words and triages the answers', async () => {
    // title, component, category (5 = denial-of-service), access (by value), UI (blank = default),
    // target, C, I, A, complexity (default), requires (none), equallyAffectsKubernetes (default).
    const answers = ['Pods can crash the autoscaler', 'autoscaler', '5', 'workload', '', 'system', 'none', '1', 'high', '', 'none', ''];
    const res = await runCli(['triage', '--interactive', '--format', 'json', '--received', '2024-01-02'], { stdin: answers.join('\n') + '\n' });
    expect(res.code).toBe(0);
    expect(res.stderr).toContain('What does the attacker need to have before the attack?');
    expect(res.stderr).toContain("Knative's own components");
    const r = JSON.parse(res.stdout).results[0];
    expect(r.verdict).toBe('vulnerability');
    expect(r.cvss.vector).toBe('CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H');
    expect(r.severity).toBe('moderate');
  });

  it('asks again after an answer that is not a choice', async () => {
    const answers = ['t', 'other', 'bogus', '99', 'tampering', 'none', '', 'external', 'low', 'low', 'none', '', '', ''];
    const res = await runCli(['triage', '--interactive', '--format', 'json'], { stdin: answers.join('\n') });
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/"bogus" is not one of the choices/);
    expect(JSON.parse(res.stdout).results[0].reason).toBe('out-of-model');
  });

  it('asks only what an imported advisory leaves open', async () => {
    const file = resolve(REPO_ROOT, 'examples/reports/ghsa-qmvj-4qr9-v547.json');
    // Open: target, requires, equallyAffectsKubernetes.
    const res = await runCli(['triage', file, '--from', 'ghsa', '--interactive', '--format', 'json'], { stdin: 'system\n\nno\n\n\n' });
    expect(res.code).toBe(0);
    expect(res.stderr).not.toContain('Which Knative component');
    const r = JSON.parse(res.stdout).results[0];
    expect(r.verdict).toBe('vulnerability');
    expect(r.cvss).toMatchObject({ score: 6.5, derived: false });
  });

  it('input that ends early is a clear error, exit 2', async () => {
    const res = await runCli(['triage', '--interactive'], { stdin: 'title only\n' });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/<stdin>: input ended before this question was answered: Which Knative component/);
  });

  it('parses numbers, values, defaults and lists', () => {
    const qs = triageQuestions([]);
    const requires = qs.find((q) => q.field === 'spec.requires')!;
    expect(parseAnswer(requires, '1, non-default-config')).toEqual(['compromised-platform', 'non-default-config']);
    expect(parseAnswer(requires, '')).toEqual([]);
    expect(parseAnswer(requires, '1, nope')).toBeUndefined();
    const k8s = qs.find((q) => q.field === 'spec.equallyAffectsKubernetes')!;
    expect(parseAnswer(k8s, '2')).toBe(true);
    expect(parseAnswer(k8s, '')).toBe(false);
    const target = qs.find((q) => q.field === 'spec.target')!;
    expect(parseAnswer(target, '')).toBeUndefined();
  });
});

import { loadModel as loadModelForAnswers } from '../../src/model/loader.js';

describe('answers in plain words', () => {
  const questions = triageQuestions([loadModelForAnswers('knative-2021')]);
  const q = (field: string) => questions.find((x) => x.field === field)!;
  it('accepts yes/no for the yes/no question', () => {
    expect(parseAnswer(q('spec.equallyAffectsKubernetes'), 'no')).toBe(false);
    expect(parseAnswer(q('spec.equallyAffectsKubernetes'), 'Yes')).toBe(true);
    expect(parseAnswer(q('spec.equallyAffectsKubernetes'), 'maybe')).toBeUndefined();
    expect(parseAnswer(q('spec.attackComplexity'), 'no')).toBe('low');
    expect(parseAnswer(q('spec.attacker.userInteraction'), 'yes')).toBe('required');
  });
});
