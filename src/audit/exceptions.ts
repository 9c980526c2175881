/**
 * Accepted risks: findings their owners accept on purpose, recorded in an exceptions file (`--exceptions FILE`,
 * `.ktm-exceptions.yaml` by default) or in the object's own `ktm.knative.dev/accept` annotation. An accepted finding is
 * never dropped: it moves to `AuditResult.accepted` with its justification, stops counting for verdicts and
 * `--fail-on`, and every report shows it (JSON `accepted`, SARIF suppressions, PolicyReport `skip`, a count in text).
 * An exception past its expiry date stops applying, and the audit says so with the file:line of the entry.
 *
 * File format (docs/audit.md):
 *   apiVersion: ktm.knative.dev/v1alpha1
 *   kind: AuditExceptions
 *   exceptions:
 *     - check: KTM-NET-001
 *       objects: [{kind: Namespace, name: "team-*", labels: {legacy: "true"}}]   # any subset; absent = every object
 *       reason: …
 *       owner: …
 *       expires: 2026-12-31
 * Annotation value: a YAML/JSON list (or one mapping) of {check, reason, owner, expires}, about that object only.
 */
import * as z from '../util/zod.js';
import type { Inventory, Resource } from '../k8s/types.js';
import { formatSource } from '../k8s/types.js';
import { InputError } from '../util/errors.js';
import { loadSingleDocument, parseDocuments, type ParsedDocument } from '../util/parse.js';
import { validateDocument } from '../util/validate.js';
import { checkById } from './checks/index.js';
import { parseResource } from './types.js';
import type { Acceptance, Finding } from './types.js';

export const DEFAULT_EXCEPTIONS_FILE = '.ktm-exceptions.yaml';
export const ACCEPT_ANNOTATION = 'ktm.knative.dev/accept';
export const EXCEPTIONS_API_VERSION = 'ktm.knative.dev/v1alpha1';

/** A calendar date that exists (2026-02-30 does not). */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((d) => {
    const t = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
  }, 'not a calendar date');
const text = z.string().trim().min(1, 'must not be empty');
/** YAML reads an unquoted 2026-12-31 as a string here (core schema), but a tool may write it as a date: accept both. */
const dateField = z.preprocess((v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString().slice(0, 10) : v), isoDate);

const ObjectMatchSchema = z.strictObject({
  kind: z.string().min(1).optional(),
  namespace: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
  labels: z.record(z.string(), z.string()).optional(),
});

const EntryFields = { check: z.string(), reason: text, owner: text, expires: dateField };
const FileEntrySchema = z.strictObject({ ...EntryFields, objects: z.array(ObjectMatchSchema).min(1).optional() });
const AnnotationEntrySchema = z.strictObject(EntryFields);

const ExceptionsFileSchema = z.strictObject({
  apiVersion: z.literal(EXCEPTIONS_API_VERSION),
  kind: z.literal('AuditExceptions'),
  exceptions: z.array(FileEntrySchema),
});

export type ObjectMatch = z.infer<typeof ObjectMatchSchema>;

/** One accepted risk, from a file entry or an annotation. */
export interface AcceptRule {
  check: string;
  /** Which objects; undefined = every object the check finds. */
  objects?: ObjectMatch[];
  reason: string;
  owner: string;
  expires: string;
  by: Acceptance['by'];
  /** `file:line` of the entry (file) or of the annotated object (annotation). */
  source: string;
}

/** Reads and validates an exceptions file: unknown fields, unknown check ids and bad dates stop with file:line:col. */
export function loadExceptions(file: string): AcceptRule[] {
  const doc = loadSingleDocument(file);
  const parsed = validateDocument(ExceptionsFileSchema, doc, file, 'AuditExceptions');
  return parsed.exceptions.map((e, i) => {
    requireKnownCheck(e.check, file, doc, ['exceptions', i, 'check'], 'AuditExceptions');
    const at = doc.locate(['exceptions', i]);
    return { ...e, by: 'file' as const, source: at ? `${file}:${at.line}` : file };
  });
}

function requireKnownCheck(id: string, file: string, doc: ParsedDocument, path: Array<string | number>, what: string): void {
  if (checkById(id)) return;
  throw new InputError(file, `invalid ${what}: unknown check id "${id}" (see ktm audit --list-checks)`, doc.locate(path), path.join('.').replace(/\.(\d+)/g, '[$1]'));
}

/** The accept rules an object's annotation holds; a malformed annotation is bad input (exit 2) at the object. */
export function annotationRules(res: Resource): AcceptRule[] {
  const value = res.obj.metadata?.annotations?.[ACCEPT_ANNOTATION];
  if (value === undefined) return [];
  const where = formatSource(res.source);
  const file = `${res.source.file ?? res.source.apiPath ?? '<input>'}`;
  const label = `${res.kind}/${res.namespace ? `${res.namespace}/` : ''}${res.name} annotation ${ACCEPT_ANNOTATION}`;
  const docs = parseDocuments(String(value), `${file} (${label})`);
  const raw = docs[0]?.value;
  const list = Array.isArray(raw) ? raw : [raw];
  const doc: ParsedDocument = {
    value: list,
    index: 0,
    line: res.source.line,
    // Positions inside the annotation text mean little once it is a string in a manifest: point at the object.
    locate: () => (res.source.line ? { line: res.source.line, column: 1 } : undefined),
  };
  const entries = validateDocument(z.array(AnnotationEntrySchema).min(1, 'expected at least one entry'), doc, file, `${label}`);
  return entries.map((e, i) => {
    requireKnownCheck(e.check, file, doc, [i, 'check'], label);
    return { ...e, by: 'annotation' as const, source: where };
  });
}

/** `*` matches any run of characters; everything else is literal. */
function globMatch(pattern: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (!pattern.includes('*')) return pattern === value;
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(value);
}

function objectMatches(m: ObjectMatch, ref: { kind: string; namespace?: string; name: string }, labels: Record<string, string> | undefined): boolean {
  if (m.kind !== undefined && m.kind !== ref.kind) return false;
  // A Namespace finding is "in" that namespace for the purpose of `namespace:` (PolicyReport puts it there too).
  const ns = ref.kind === 'Namespace' ? ref.name : ref.namespace;
  if (m.namespace !== undefined && !globMatch(m.namespace, ns)) return false;
  if (m.name !== undefined && !globMatch(m.name, ref.name)) return false;
  for (const [k, v] of Object.entries(m.labels ?? {})) if (labels?.[k] !== v) return false;
  return true;
}

export interface AcceptOptions {
  /** Entries of the exceptions file (empty when there is none). */
  rules: AcceptRule[];
  /** Honour `ktm.knative.dev/accept` annotations (default true). */
  annotations?: boolean;
  /** Today, YYYY-MM-DD (UTC); tests pin it. */
  today?: string;
}

export interface AcceptOutcome {
  active: Finding[];
  accepted: Finding[];
  /** One per expired exception or annotation entry, naming its file:line. */
  expired: string[];
  /** File entries that matched no finding (worth a note: a stale exception hides nothing but misleads). */
  unused: AcceptRule[];
}

/** Splits findings into those that count and those accepted; expired rules never apply and are reported. */
export function acceptFindings(findings: Finding[], inv: Inventory, opts: AcceptOptions): AcceptOutcome {
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  const expired: string[] = [];
  const live = (r: AcceptRule) => {
    if (r.expires >= today) return true;
    expired.push(`${r.source}: the ${r.by === 'file' ? 'exception' : `${ACCEPT_ANNOTATION} annotation`} for ${r.check} (owner ${r.owner}) expired on ${r.expires} and no longer applies`);
    return false;
  };
  const fileRules = opts.rules.filter(live);
  const used = new Set<AcceptRule>();
  const annotationCache = new Map<Resource, AcceptRule[]>();
  const annotationsOf = (res: Resource | undefined): AcceptRule[] => {
    if (!res || opts.annotations === false) return [];
    let rules = annotationCache.get(res);
    if (!rules) annotationCache.set(res, (rules = annotationRules(res).filter(live)));
    return rules;
  };
  // Annotations are read on every object (not only those with findings), so a bad or expired one is never silent.
  let annotated = false;
  if (opts.annotations !== false) for (const res of inv.resources) if (annotationsOf(res).length > 0) annotated = true;
  // Nothing to accept by (the usual case): every finding counts, without looking up its object.
  if (!annotated && fileRules.length === 0) return { active: [...findings], accepted: [], expired: expired.sort(), unused: [] };

  const active: Finding[] = [];
  const accepted: Finding[] = [];
  for (const f of findings) {
    const ref = parseResource(f.resource);
    const res = inv.find(ref.kind, ref.namespace, ref.name);
    const labels = res?.obj.metadata?.labels;
    // The object's own annotation first: it is the most specific statement.
    const rule =
      annotationsOf(res).find((r) => r.check === f.id) ??
      fileRules.find((r) => r.check === f.id && (r.objects === undefined || r.objects.some((m) => objectMatches(m, ref, labels))));
    if (!rule) {
      active.push(f);
      continue;
    }
    used.add(rule);
    accepted.push({ ...f, accepted: { by: rule.by, reason: rule.reason, owner: rule.owner, expires: rule.expires, source: rule.source } });
  }
  return { active, accepted, expired: expired.sort(), unused: fileRules.filter((r) => !used.has(r)) };
}
