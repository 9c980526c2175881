/**
 * `ktm audit --baseline previous.json`: how this run's findings compare with a previous `ktm audit --format json`.
 *
 * A finding's fingerprint is its identity across runs: check id + object (Kind/namespace/name) + JSON path in the
 * object + the tenancy models it applies to — never the message, which carries counts and paths that change. Several
 * findings can share a fingerprint (one check, one object, different messages): within one fingerprint, findings with
 * the same message pair first (`unchanged`, or `updated` when the severity moved), the rest pair in order (`updated`),
 * and what is left is `new` (this run) or `absent` (the previous run).
 */
import { createHash } from 'node:crypto';
import * as z from '../util/zod.js';
import { CLUSTER_LIMITS, loadSingleDocument } from '../util/parse.js';
import { validateDocument } from '../util/validate.js';
import { SEVERITIES, severityRank, type AuditResult, type Finding } from './types.js';
import { TENANCY_MODELS } from '../model/schema.js';
import { groupBy } from '../util/arrays.js';

const TRUST_OR_ANY = ['trusted', 'untrusted', 'any'] as const;

export function fingerprint(f: Pick<Finding, 'id' | 'resource' | 'path' | 'tenancy'>): string {
  return createHash('sha256').update([f.id, f.resource, f.path, f.tenancy.join(',')].join('\u0000')).digest('hex').slice(0, 32);
}

/** The fields of a previous run's finding that matter here (zod drops the others); a JSON header is allowed. */
const PreviousFinding = z.object({
  id: z.string(),
  severity: z.enum(SEVERITIES),
  tenancy: z.array(z.enum(TENANCY_MODELS)),
  trust: z.object({ developers: z.enum(TRUST_OR_ANY), users: z.enum(TRUST_OR_ANY) }).default({ developers: 'any', users: 'any' }),
  clause: z.string().default(''),
  resource: z.string(),
  source: z.string().default(''),
  path: z.string(),
  message: z.string(),
  fix: z.string().default(''),
  hops: z.array(z.string()).optional(),
});
const PreviousAudit = z.looseObject({ findings: z.array(PreviousFinding), accepted: z.array(PreviousFinding).optional() });

/** Reads a previous `ktm audit --format json` (exit 2 with file:line:col when it is not one). */
export function loadBaseline(file: string): Finding[] {
  const doc = loadSingleDocument(file, CLUSTER_LIMITS);
  const prev = validateDocument(PreviousAudit, doc, file, 'baseline (expected the output of ktm audit --format json)');
  // `hops` is absent on a Finding that has none (the JSON writes []).
  return [...prev.findings, ...(prev.accepted ?? [])].map(({ hops, ...f }) => (hops?.length ? { ...f, hops } : f));
}

/**
 * Stamps `baseline` on every current finding (counted and accepted) and returns the result with `absent` set: the
 * previous findings this run no longer has (counted or accepted, the previous run's own acceptance does not matter).
 */
export function compareWithBaseline(r: AuditResult, previous: Finding[]): AuditResult {
  const byPrint = groupBy(previous, fingerprint);
  const current = [...r.findings, ...(r.accepted ?? [])];
  const stamped = new Map<Finding, Finding>();
  const unmatched: Finding[] = [];
  // First pass: same fingerprint and same message.
  for (const f of current) {
    const list = byPrint.get(fingerprint(f));
    const i = list ? list.findIndex((p) => p.message === f.message) : -1;
    if (i < 0) {
      unmatched.push(f);
      continue;
    }
    const [p] = list!.splice(i, 1);
    stamped.set(f, { ...f, baseline: p.severity === f.severity ? 'unchanged' : 'updated' });
  }
  // Second pass: same fingerprint, the message moved.
  for (const f of unmatched) {
    const p = byPrint.get(fingerprint(f))?.shift();
    stamped.set(f, { ...f, baseline: p ? 'updated' : 'new' });
  }
  const absent: Finding[] = [];
  for (const list of byPrint.values()) for (const p of list) absent.push({ ...p, baseline: 'absent' });
  absent.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0));
  return {
    ...r,
    findings: r.findings.map((f) => stamped.get(f)!),
    ...(r.accepted ? { accepted: r.accepted.map((f) => stamped.get(f)!) } : {}),
    absent,
  };
}

/** `--fail-on-new`: only what this change introduced fails — new findings, and known ones whose severity rose. */
export function introducedFindings(r: AuditResult, previous: Finding[]): Finding[] {
  const prevSeverity = new Map<string, number>();
  for (const p of previous) {
    const key = fingerprint(p);
    prevSeverity.set(key, Math.max(prevSeverity.get(key) ?? -1, severityRank(p.severity)));
  }
  return r.findings.filter((f) => f.baseline === 'new' || (f.baseline === 'updated' && severityRank(f.severity) > (prevSeverity.get(fingerprint(f)) ?? -1)));
}
