/**
 * GHSA / OSV advisory → draft VulnerabilityReport. Fills what the advisory carries (CVSS → impact, access,
 * complexity, interaction; CWE or title → category; affected package + text → component; ktm's own facts
 * block when the advisory is a ktm draft) and leaves the rest open: triage answers `needs-info` with the
 * questions for what is missing.
 *
 * Accepted: GitHub's REST repository/global advisory JSON, the "create repository advisory" request body
 * (ktm's GHSA draft), and OSV JSON (including the github/advisory-database shape, which `--from ghsa` also takes).
 */
import { z } from 'zod';
import type { ThreatModel } from '../model/schema.js';
import { InputError } from '../util/errors.js';
import type { ParsedDocument } from '../util/parse.js';
import { validateDocument } from '../util/validate.js';
import { CvssVectorError, parseVector } from '../cvss/vector.js';
import { categoryFromCwes, categoryFromText, componentFromPackages, componentFromText, facetsFromCvss, isKnativePackage } from './advisory-map.js';
import { readFactsBlock, readReferences, stripFactsBlock } from './facts-block.js';
import { deriveCvss31, deriveCvss40 } from './derive-cvss.js';
import { completeSpec, missingFacts } from './questions.js';
import { VulnerabilityReportSchema, type DraftReport } from './report.js';

const str = z.string().nullish();
const Pkg = z.looseObject({ ecosystem: str, name: str }).nullish();

export const GhsaInputSchema = z.looseObject({
  ghsa_id: str,
  cve_id: str,
  html_url: str,
  summary: z.string().min(1),
  description: str,
  severity: str,
  vulnerabilities: z.array(z.looseObject({ package: Pkg })).nullish(),
  cvss: z.looseObject({ vector_string: str }).nullish(),
  cvss_severities: z
    .looseObject({ cvss_v3: z.looseObject({ vector_string: str }).nullish(), cvss_v4: z.looseObject({ vector_string: str }).nullish() })
    .nullish(),
  cvss_vector_string: str,
  cwe_ids: z.array(z.string()).nullish(),
  cwes: z.array(z.looseObject({ cwe_id: z.string() })).nullish(),
  references: z.array(z.union([z.string(), z.looseObject({ url: z.string() })])).nullish(),
});

export const OsvInputSchema = z.looseObject({
  id: z.string().min(1),
  summary: str,
  details: str,
  aliases: z.array(z.string()).nullish(),
  severity: z.array(z.looseObject({ type: z.string(), score: z.string() })).nullish(),
  affected: z.array(z.looseObject({ package: Pkg })).nullish(),
  references: z.array(z.looseObject({ type: z.string().optional(), url: z.string() })).nullish(),
  database_specific: z.looseObject({ cwe_ids: z.array(z.string()).nullish(), ktm: z.unknown().optional() }).nullish(),
});

export type AdvisoryKind = 'ghsa' | 'osv';

function looksLikeOsv(v: unknown): boolean {
  return typeof v === 'object' && v !== null && ('affected' in v || 'schema_version' in v || ('modified' in v && 'id' in v));
}

/** Imports a parsed advisory (keeps source positions for error messages). */
export function importAdvisoryDocument(doc: ParsedDocument, kind: AdvisoryKind, models: ThreatModel[], file: string): DraftReport {
  if (kind === 'osv' || looksLikeOsv(doc.value)) {
    return fromOsv(validateDocument(OsvInputSchema, doc, file, 'OSV advisory'), models, file);
  }
  return fromGhsa(validateDocument(GhsaInputSchema, doc, file, 'GitHub security advisory'), models, file);
}

/** Imports an advisory given as a JSON value (the engine API the workbench calls). */
export function importAdvisory(json: unknown, kind: AdvisoryKind, models: ThreatModel[] = [], file = '<advisory>'): DraftReport {
  return importAdvisoryDocument({ value: json, index: 0, locate: () => undefined }, kind, models, file);
}

function checkedVector(v: string | null | undefined, file: string, field: string): string | undefined {
  if (!v) return undefined;
  try {
    parseVector(v);
    return v.trim();
  } catch (err) {
    if (err instanceof CvssVectorError) throw new InputError(file, `bad CVSS vector: ${err.message}`, undefined, field);
    throw err;
  }
}

function fromGhsa(a: z.infer<typeof GhsaInputSchema>, models: ThreatModel[], file: string): DraftReport {
  const vector =
    checkedVector(a.cvss_vector_string, file, 'cvss_vector_string') ??
    checkedVector(a.cvss_severities?.cvss_v3?.vector_string, file, 'cvss_severities.cvss_v3.vector_string') ??
    checkedVector(a.cvss?.vector_string, file, 'cvss.vector_string') ??
    checkedVector(a.cvss_severities?.cvss_v4?.vector_string, file, 'cvss_severities.cvss_v4.vector_string');
  const cwes = [...(a.cwe_ids ?? []), ...(a.cwes ?? []).map((c) => c.cwe_id)];
  const packages = (a.vulnerabilities ?? []).map((v) => v.package?.name ?? '').filter(Boolean);
  const refs = [
    ...(a.html_url ? [a.html_url] : []),
    ...(a.references ?? []).map((r) => (typeof r === 'string' ? r : r.url)),
  ];
  return build({
    id: a.ghsa_id ?? undefined,
    title: a.summary,
    description: a.description ?? '',
    references: refs,
    vector,
    cwes,
    packages,
    facts: a.description ? readFactsBlock(a.description) : undefined,
    models,
  });
}

function fromOsv(a: z.infer<typeof OsvInputSchema>, models: ThreatModel[], file: string): DraftReport {
  const sev = a.severity ?? [];
  const pick = (t: string) => sev.find((s) => s.type === t)?.score;
  const vector =
    checkedVector(pick('CVSS_V3'), file, 'severity[CVSS_V3].score') ?? checkedVector(pick('CVSS_V4'), file, 'severity[CVSS_V4].score');
  const packages = (a.affected ?? []).map((x) => x.package?.name ?? '').filter(Boolean);
  // ktm's own OSV drafts carry the full facts in database_specific.ktm.
  const ktm = VulnerabilityReportSchema.shape.spec.safeParse(a.database_specific?.ktm);
  return build({
    id: a.id,
    title: a.summary || (a.details ?? '').split('\n')[0] || a.id,
    description: a.details ?? '',
    references: (a.references ?? []).map((r) => r.url),
    vector,
    cwes: a.database_specific?.cwe_ids ?? [],
    packages,
    facts: ktm.success ? ktm.data : a.details ? readFactsBlock(a.details) : undefined,
    models,
  });
}

interface Parts {
  id?: string;
  title: string;
  description: string;
  references: string[];
  vector?: string;
  cwes: string[];
  packages: string[];
  facts?: Partial<DraftReport['spec']>;
  models: ThreatModel[];
}

function build(p: Parts): DraftReport {
  const spec: DraftReport['spec'] = {};
  if (p.vector) Object.assign(spec, facetsFromCvss(p.vector));
  spec.category = categoryFromCwes(p.cwes) ?? categoryFromText(p.title);
  if (p.packages.length > 0 && !p.packages.some(isKnativePackage)) spec.component = 'other';
  else spec.component = componentFromText(`${p.title}\n${stripFactsBlock(p.description)}`, p.models) ?? componentFromPackages(p.packages, p.models);
  // The facts block, when present, is the reporter's (or ktm's) own statement: it wins over inference.
  const f = p.facts;
  if (f) {
    for (const k of ['component', 'category', 'target', 'attackComplexity', 'requires', 'equallyAffectsKubernetes', 'targetOwner', 'documented', 'documentation', 'impactDemonstrated', 'dependency'] as const) {
      if (f[k] !== undefined) (spec as Record<string, unknown>)[k] = f[k];
    }
    spec.attacker = { ...spec.attacker, ...definedOnly(f.attacker) };
    spec.impact = { ...spec.impact, ...definedOnly(f.impact) };
  }
  for (const k of Object.keys(spec) as Array<keyof typeof spec>) if (spec[k] === undefined) delete spec[k];
  const description = stripFactsBlock(p.description);
  const draft: DraftReport = {
    apiVersion: 'ktm/v1',
    kind: 'VulnerabilityReport',
    metadata: {
      ...(p.id ? { id: p.id } : {}),
      title: p.title,
      references: [...new Set([...p.references, ...readReferences(p.description)])],
      ...(description ? { description } : {}),
    },
    spec,
  };
  // A vector that says no more than the facts (ktm derived it from them) is not the reporter's own score.
  if (f && spec.cvss && missingFacts(draft).length === 0) {
    const full = completeSpec(draft);
    if (spec.cvss === deriveCvss31(full) || spec.cvss === deriveCvss40(full)) delete spec.cvss;
  }
  return draft;
}

function definedOnly<T extends object>(o: T | undefined): Partial<T> {
  if (!o) return {};
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
