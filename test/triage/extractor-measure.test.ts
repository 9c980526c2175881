/**
 * Precision and recall of the evidence extractor per fact, on the prose of Knative's real reports
 * (examples/reports/: the advisory-database `details` where the advisory exists, else the source's words kept in the
 * report's `metadata.description`), against the facts written by hand from the same sources. Text only: no vector,
 * CWE or package is given, so this measures the lexicon. The figures are in docs/triage.md; print them with
 * KTM_MEASURE=1. The floor below keeps the lexicon from regressing; it is not tuned to these texts.
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO_ROOT } from '../helpers/cli.js';
import { loadModel } from '../../src/model/loader.js';
import { parseReport, type VulnerabilityReport } from '../../src/triage/report.js';
import { proposeFacts } from '../../src/triage/extract.js';

const DIR = resolve(REPO_ROOT, 'examples/reports');
const models = [loadModel('knative-2021'), loadModel('knative-2025')];
const FACTS = [
  'spec.component',
  'spec.category',
  'spec.attacker.access',
  'spec.attacker.userInteraction',
  'spec.target',
  'spec.impact.confidentiality',
  'spec.impact.integrity',
  'spec.impact.availability',
  'spec.attackComplexity',
  'spec.requires',
  'spec.equallyAffectsKubernetes',
] as const;

function truth(r: VulnerabilityReport, field: string): unknown {
  let v: unknown = r;
  for (const k of field.split('.')) v = (v as Record<string, unknown>)[k];
  return v;
}

const osvDetails = new Map(
  readdirSync(DIR)
    .filter((f) => f.endsWith('.osv.json'))
    .map((f) => {
      const j = JSON.parse(readFileSync(resolve(DIR, f), 'utf8')) as { id: string; summary: string; details: string };
      return [j.id, j] as const;
    }),
);

const corpus = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml') && !f.endsWith('.expected.yaml'))
  .sort()
  .map((f) => {
    const report = parseReport(readFileSync(resolve(DIR, f), 'utf8'), f);
    const osv = report.metadata.id ? osvDetails.get(report.metadata.id) : undefined;
    return { name: f, report, title: osv?.summary ?? report.metadata.title, text: osv?.details ?? report.metadata.description ?? '' };
  });

export function measure() {
  const rows = FACTS.map((field) => ({ field, proposed: 0, correct: 0, facts: 0 }));
  for (const c of corpus) {
    const proposals = proposeFacts({ title: c.title, text: c.text }, models);
    for (const row of rows) {
      const want = truth(c.report, row.field);
      const got = proposals.find((p) => p.field === row.field)?.value;
      if (row.field === 'spec.requires') {
        const wantSet = want as string[];
        const gotSet = (got as string[] | undefined) ?? [];
        row.facts += wantSet.length;
        row.proposed += gotSet.length;
        row.correct += gotSet.filter((g) => wantSet.includes(g)).length;
        continue;
      }
      row.facts++;
      if (got === undefined) continue;
      row.proposed++;
      if (got === want) row.correct++;
    }
  }
  return rows.map((r) => ({ ...r, precision: r.proposed ? r.correct / r.proposed : null, recall: r.facts ? r.correct / r.facts : null }));
}

describe('the extractor on the prose of the real reports', () => {
  it('has a corpus with prose for every report', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(9);
    for (const c of corpus) expect(c.text.length, c.name).toBeGreaterThan(40);
  });

  it('proposes facts with a precision that does not regress', () => {
    const rows = measure();
    if (process.env.KTM_MEASURE) {
      const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)} %`);
      console.log(rows.map((r) => `| \`${r.field.replace('spec.', '')}\` | ${r.facts} | ${r.proposed} | ${r.correct} | ${pct(r.precision)} | ${pct(r.recall)} |`).join('\n'));
    }
    const proposed = rows.reduce((n, r) => n + r.proposed, 0);
    const correct = rows.reduce((n, r) => n + r.correct, 0);
    expect(proposed).toBeGreaterThan(0);
    expect(correct / proposed).toBeGreaterThanOrEqual(0.6);
  });
});
