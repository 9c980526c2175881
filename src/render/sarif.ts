/**
 * `ktm audit --format sarif`: SARIF 2.1.0 (validated against the final OASIS schema, errata 01). One rule per check, with
 * help text, the clause of the chosen model it enforces, GitHub's `security-severity` and the check's equivalents in
 * other frameworks (properties.crosswalk; tags `kubescape:C-0262` for `same`, `related:…` for `related`); one result per finding,
 * located at `file:line` when the object came from a file, and always by its logical name (Kind/ns/name), with its
 * fingerprint (src/audit/baseline.ts) in `partialFingerprints`. Accepted findings carry `suppressions`; with
 * `--baseline` every result has a `baselineState` and the previous run's vanished findings come back as `absent`.
 */
import type { Acceptance, AuditResult, Finding, FindingTrust, Severity } from '../audit/types.js';
import { findingJson } from './audit-json.js';
import { fingerprint } from '../audit/baseline.js';
import { crosswalkTag, type Equivalent } from '../audit/crosswalk.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', moderate: 'warning', low: 'note' };
/** GitHub code scanning reads `security-severity` (CVSS-like number) to bucket results. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', moderate: '5.5', low: '2.0' };

export function sarifObject(r: AuditResult, toolVersion = '0.1.0'): Record<string, unknown> {
  const rules = r.rules.map((rule) => ({
    id: rule.id,
    name: rule.title.replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ? ch.toUpperCase() : '')),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: {
      text: `${rule.description}\nFix: ${rule.fix}\nEnforces clause ${rule.clause} (rule ${rule.clauseRule}) of threat model ${r.model}; tenancy: ${rule.tenancy.join(', ')}.`,
      markdown: `${rule.description}\n\n**Fix:** ${rule.fix}\n\n**Clause:** \`${rule.clause}\` (rule \`${rule.clauseRule}\`) of threat model \`${r.model}\` · **tenancy:** ${rule.tenancy.join(', ')}`,
    },
    defaultConfiguration: { level: LEVEL[rule.severity], enabled: rule.ran },
    properties: {
      tags: ['security', 'kubernetes', 'knative', ...rule.tenancy.map((t) => `tenancy:${t}`), ...trustTags(rule.trust), ...crosswalkTags(rule.crosswalk)],
      'security-severity': SECURITY_SEVERITY[rule.severity],
      severity: rule.severity,
      clause: rule.clause,
      clauseRule: rule.clauseRule,
      trust: { developers: rule.trust.developers, users: rule.trust.users },
      model: r.model,
      crosswalk: rule.crosswalk.map((e) => ({ framework: e.framework, id: e.id, title: e.title, relation: e.relation })),
      ...(rule.noEquivalent ? { noEquivalent: rule.noEquivalent } : {}),
    },
  }));
  const index = new Map(r.rules.map((rule, i) => [rule.id, i]));
  // Counted findings, then accepted ones (with a suppression), then with --baseline the ones that are gone.
  const results = [...r.findings, ...(r.accepted ?? []), ...(r.absent ?? [])].map((f) => ({
    ruleId: f.id,
    ruleIndex: index.get(f.id) ?? -1,
    level: LEVEL[f.severity],
    message: { text: `${f.message} Fix: ${f.fix}` },
    locations: [location(f.resource, f.source)],
    partialFingerprints: { 'ktmFinding/v1': fingerprint(f) },
    ...(f.baseline ? { baselineState: f.baseline } : {}),
    ...(f.accepted ? { suppressions: [suppression(f.accepted)] } : {}),
    properties: sarifProperties(f),
  }));
  return {
    $schema: 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'ktm', version: toolVersion, informationUri: 'https://github.com/knative/community/blob/main/working-groups/security/threat-model.md', rules } },
        results,
        properties: { model: r.model, verdicts: r.verdicts, tenants: r.tenants.length },
      },
    ],
  };
}

/** The finding's JSON fields (audit-json.ts) that SARIF does not already say elsewhere; `hops` only when there are some. */
function sarifProperties(f: Finding): Record<string, unknown> {
  const { id: _id, message: _message, fingerprint: _fp, accepted: _accepted, baseline: _baseline, hops, ...props } = findingJson(f);
  return { ...props, ...((hops as string[]).length ? { hops } : {}) };
}

/** Where a finding is: always its logical name (Kind/ns/name), and `file:line` when the object came from a file. */
function location(resource: string | undefined, source: string): Record<string, unknown> {
  const loc: Record<string, unknown> = resource ? { logicalLocations: [{ fullyQualifiedName: resource, kind: 'resource' }] } : {};
  const m = /^(.*):(\d+)$/.exec(source);
  if (m && !source.startsWith('/api') && !source.startsWith('<')) {
    loc.physicalLocation = { artifactLocation: { uri: toUri(m[1]) }, region: { startLine: Number(m[2]) } };
  } else if (source && !source.startsWith('/api') && !source.startsWith('<') && source !== '-') {
    loc.physicalLocation = { artifactLocation: { uri: toUri(source) } };
  }
  return loc;
}

/** An accepted risk as SARIF sees it: `external` for an exceptions file, `inSource` for the object's annotation. */
function suppression(a: Acceptance): Record<string, unknown> {
  return {
    kind: a.by === 'file' ? 'external' : 'inSource',
    status: 'accepted',
    justification: `${a.reason} (owner: ${a.owner}; expires ${a.expires})`,
    location: location(undefined, a.source),
    properties: { owner: a.owner, expires: a.expires, source: a.source },
  };
}

/** `developers:untrusted`-style tags for the constrained parts of a trust profile (GitHub shows tags as filters). */
function trustTags(t: FindingTrust): string[] {
  return (['developers', 'users'] as const).filter((k) => t[k] !== 'any').map((k) => `${k}:${t[k]}`);
}

/** `same` equivalents as `framework:id`, related ones as `related:framework:id`, so a filter never mixes the two. */
function crosswalkTags(eq: Equivalent[]): string[] {
  return eq.map((e) => (e.relation === 'same' ? crosswalkTag(e) : `related:${crosswalkTag(e)}`));
}

export function renderSarif(r: AuditResult): string {
  return `${JSON.stringify(sarifObject(r), null, 2)}\n`;
}

/** A file path as a URI reference: forward slashes, percent-encoded where needed. */
function toUri(path: string): string {
  return encodeURI(path.replace(/\\/g, '/'));
}
