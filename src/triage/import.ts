/**
 * GHSA / OSV advisory → draft VulnerabilityReport. Fills what the advisory carries (CVSS → impact, access,
 * complexity, interaction; CWE or title → category; affected package + text → component; ktm's own facts
 * block when the advisory is a ktm draft) and leaves the rest open: triage answers `needs-info` with the
 * questions for what is missing.
 *
 * Accepted: GitHub's REST repository/global advisory JSON, the "create repository advisory" request body
 * (ktm's GHSA draft), and OSV JSON (including the github/advisory-database shape, which `--from ghsa` also takes).
 */
import * as z from '../util/zod.js';
import type { ThreatModel } from '../model/schema.js';
import { InputError } from '../util/errors.js';
import type { ParsedDocument } from '../util/parse.js';
import { validateDocument } from '../util/validate.js';
import { CvssVectorError, parseVector } from '../cvss/vector.js';
import { isKnativePackage } from './advisory-map.js';
import { applyProposals, proposeFacts, type FactProposal } from './extract.js';
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

/** CVE JSON 5 (the CVE Program's record format): the CNA container carries what ktm reads. */
export const CveInputSchema = z.looseObject({
  dataType: z.literal('CVE_RECORD'),
  cveMetadata: z.looseObject({ cveId: z.string().min(1) }),
  containers: z.looseObject({
    cna: z.looseObject({
      title: str,
      descriptions: z.array(z.looseObject({ lang: str, value: z.string() })).nullish(),
      affected: z.array(z.looseObject({ vendor: str, product: str, packageName: str, collectionURL: str, repo: str })).nullish(),
      problemTypes: z.array(z.looseObject({ descriptions: z.array(z.looseObject({ cweId: str, description: str })).nullish() })).nullish(),
      metrics: z
        .array(z.looseObject({ cvssV3_1: z.looseObject({ vectorString: z.string() }).nullish(), cvssV3_0: z.looseObject({ vectorString: z.string() }).nullish(), cvssV4_0: z.looseObject({ vectorString: z.string() }).nullish() }))
        .nullish(),
      references: z.array(z.looseObject({ url: z.string() })).nullish(),
    }),
  }),
});

export type AdvisoryKind = 'ghsa' | 'osv' | 'cve';

/** A draft and the facts the evidence proposed for it (each with its evidence). */
export interface Imported {
  draft: DraftReport;
  proposals: FactProposal[];
}

function looksLikeOsv(v: unknown): boolean {
  return typeof v === 'object' && v !== null && ('affected' in v || 'schema_version' in v || ('modified' in v && 'id' in v));
}

/** Imports a parsed advisory (keeps source positions for error messages). */
export function importAdvisoryDocument(doc: ParsedDocument, kind: AdvisoryKind, models: ThreatModel[], file: string): DraftReport {
  return importWithEvidence(doc, kind, models, file).draft;
}

/** Imports a parsed advisory, with the evidence for each fact it proposes. */
export function importWithEvidence(doc: ParsedDocument, kind: AdvisoryKind, models: ThreatModel[], file: string): Imported {
  if (kind === 'cve' || (typeof doc.value === 'object' && doc.value !== null && (doc.value as { dataType?: unknown }).dataType === 'CVE_RECORD')) {
    return fromCve(validateDocument(CveInputSchema, doc, file, 'CVE JSON 5 record'), models, file);
  }
  if (kind === 'osv' || looksLikeOsv(doc.value)) {
    return fromOsv(validateDocument(OsvInputSchema, doc, file, 'OSV advisory'), models, file);
  }
  return fromGhsa(validateDocument(GhsaInputSchema, doc, file, 'GitHub security advisory'), models, file);
}

/**
 * A report as received (an email, a Markdown issue): the first non-empty line is the title, the whole text the
 * description. Every fact comes from the text's own words, with the sentence as evidence; nothing else is assumed.
 */
export function importText(text: string, models: ThreatModel[]): Imported {
  const lines = text.split('\n').map((l) => l.replace(/^#+\s*|^subject:\s*/i, '').trim());
  const title = lines.find((l) => l.length > 0)?.slice(0, 200) || 'report received as text';
  return build({ title, description: text.trim(), references: [...new Set([...text.matchAll(/https:\/\/[^\s)>\]]+/g)].map((m) => m[0]))], cwes: [], packages: [], models });
}

function fromCve(a: z.infer<typeof CveInputSchema>, models: ThreatModel[], file: string): Imported {
  const cna = a.containers.cna;
  const metric = (cna.metrics ?? []).find((m) => m.cvssV3_1 || m.cvssV3_0 || m.cvssV4_0);
  const vector = checkedVector(metric?.cvssV3_1?.vectorString ?? metric?.cvssV3_0?.vectorString ?? metric?.cvssV4_0?.vectorString, file, 'containers.cna.metrics');
  const description = (cna.descriptions ?? []).find((d) => !d.lang || d.lang.startsWith('en'))?.value ?? '';
  const packages = (cna.affected ?? []).map((x) => x.packageName ?? repoModule(x.repo ?? x.collectionURL) ?? '').filter(Boolean);
  return build({
    id: a.cveMetadata.cveId,
    title: cna.title || description.split('\n')[0] || a.cveMetadata.cveId,
    description,
    references: (cna.references ?? []).map((r) => r.url),
    vector,
    cwes: (cna.problemTypes ?? []).flatMap((p) => (p.descriptions ?? []).map((d) => d.cweId ?? '')).filter(Boolean),
    packages,
    models,
  });
}

/** A Go module path from a repository URL (github.com/knative/serving → knative.dev/serving). */
function repoModule(url: string | null | undefined): string | undefined {
  const m = /github\.com\/(knative|knative-extensions|knative-sandbox)\/([\w.-]+)/.exec(url ?? '');
  return m ? `knative.dev/${m[2]}` : undefined;
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

function fromGhsa(a: z.infer<typeof GhsaInputSchema>, models: ThreatModel[], file: string): Imported {
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

function fromOsv(a: z.infer<typeof OsvInputSchema>, models: ThreatModel[], file: string): Imported {
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

function build(p: Parts): Imported {
  const spec: DraftReport['spec'] = {};
  if (p.vector) spec.cvss = p.vector;
  // An advisory of a project that is not Knative (no Knative package affected) is about other software.
  if (p.packages.length > 0 && !p.packages.some(isKnativePackage)) spec.component = 'other';
  // The facts block, when present, is the reporter's (or ktm's) own statement: it wins over inference.
  const f = p.facts;
  if (f) {
    for (const k of ['component', 'category', 'target', 'attackComplexity', 'requires', 'equallyAffectsKubernetes', 'targetOwner', 'documented', 'documentation', 'impactDemonstrated', 'dependency'] as const) {
      if (f[k] !== undefined) (spec as Record<string, unknown>)[k] = f[k];
    }
    spec.attacker = { ...spec.attacker, ...definedOnly(f.attacker) };
    spec.impact = { ...spec.impact, ...definedOnly(f.impact) };
  }
  const description = stripFactsBlock(p.description);
  // Facts the evidence supports fill what the facts block left open; each keeps its evidence.
  const ids = p.id ? [p.id] : [];
  const proposals = proposeFacts({ title: p.title, text: description, vector: p.vector, cwes: p.cwes, packages: p.packages, ids }, p.models).filter(
    (x) => !(x.field === 'spec.component' && spec.component === 'other') && !(x.field === 'spec.dependency' && spec.component === 'other'),
  );
  applyProposals({ spec } as DraftReport, proposals);
  for (const k of Object.keys(spec) as Array<keyof typeof spec>) if (spec[k] === undefined) delete spec[k];
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
  return { draft, proposals };
}

function definedOnly<T extends object>(o: T | undefined): Partial<T> {
  if (!o) return {};
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
