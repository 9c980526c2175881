/**
 * The audit's contracts: checks, findings, the context a check reads, and the result of a run.
 *
 * A check is one file in src/audit/checks/ exporting a `Check`. It never prints and never decides verdicts: it looks at
 * the AuditContext and returns Findings, each with its evidence (object, JSON path), the clause of the chosen model it
 * enforces and a one-line fix. The runner (runner.ts) decides which checks run for which tenancy and trust profile,
 * stamps tenancy and clause, sorts, and computes verdicts (verdicts.ts). The hardening helper reads the same metadata.
 *
 * Stable contract (others code against it):
 *   Check   = { id, title, severity, tenancy, appliesTo?, clauseRule, clauseFallback?, crosswalk, description, fix, evaluate(ctx) }
 *   Finding = { id, severity, tenancy, trust, clause, resource, source, path, message, fix, hops? }
 */
import type { Inventory, Resource, Workload } from '../k8s/types.js';
import type { RuleTag, TenancyModelId, ThreatModel } from '../model/schema.js';
import type { KnativeConfig } from '../k8s/knative-config.js';
import type { CniDecision } from '../k8s/cni.js';
import type { RbacIndex } from './rbac/index.js';
import type { ReachView } from './reach-view.js';
import type { Crosswalk, Equivalent } from './crosswalk.js';

/** GitHub advisory labels (DESIGN.md), weakest first: the order is used for `--fail-on` and verdicts. */
export const SEVERITIES = ['low', 'moderate', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export type Trust = 'trusted' | 'untrusted';
export interface TrustProfile {
  developers: Trust;
  users: Trust;
}

/** The trust profile a finding (its check) applies to: `any` where the check does not depend on that trust. */
export interface FindingTrust {
  developers: Trust | 'any';
  users: Trust | 'any';
}

/** A check's `appliesTo` as a FindingTrust (both keys always present, in this order). */
export function trustScope(appliesTo: Check['appliesTo']): FindingTrust {
  return { developers: appliesTo?.developers ?? 'any', users: appliesTo?.users ?? 'any' };
}

export interface Check {
  /** `KTM-<AREA>-<NNN>`, exactly as in issue 5. */
  id: string;
  title: string;
  /** Default severity; a finding may carry a different one (e.g. a lower one for a weaker form). */
  severity: Severity;
  /** Tenancy models whose assumptions this check verifies. */
  tenancy: TenancyModelId[];
  /** Trust profiles it applies to; absent = every profile. */
  appliesTo?: { developers?: Trust; users?: Trust };
  /** Role of the model clause the check enforces (found in the chosen model by this tag). */
  clauseRule: RuleTag;
  /** Tags tried in order when the chosen model has no clause tagged `clauseRule`. */
  clauseFallback?: RuleTag[];
  /** Equivalent checks in other frameworks (src/audit/crosswalk.ts), or `{ none: reason }` where none tests this property. */
  crosswalk: Crosswalk;
  /** What it checks and why, for SARIF help text and docs. */
  description: string;
  /** The default one-line fix. */
  fix: string;
  evaluate(ctx: AuditContext): Evidence[];
}

/** What a check returns: the runner turns it into a Finding (id, tenancy, clause, source are stamped there). */
export interface Evidence {
  /** The object the finding is about. */
  resource: Resource | { kind: string; namespace?: string; name: string; source?: string };
  /** JSON path inside that object, e.g. `data.secure-pod-defaults`; `` for the object as a whole. */
  path: string;
  message: string;
  /** Overrides the check's severity for this finding. */
  severity?: Severity;
  /** Overrides the check's fix for this finding. */
  fix?: string;
  /** Reachability path, one hop per entry (network findings). */
  hops?: string[];
}

export interface Finding {
  id: string;
  severity: Severity;
  tenancy: TenancyModelId[];
  /** Trust profile the finding applies to (its check's `appliesTo`); e.g. KTM-ISO-001 only with untrusted developers. */
  trust: FindingTrust;
  /** Id of the clause of the chosen model the finding enforces (or `unmapped:<rule>` if the model has none). */
  clause: string;
  /** `Kind/namespace/name`, or `Kind/name` for cluster-scoped objects. */
  resource: string;
  /** `file:line` or the API path. */
  source: string;
  path: string;
  message: string;
  fix: string;
  hops?: string[];
  /** Set when an exception or a `ktm.knative.dev/accept` annotation accepts the finding (src/audit/exceptions.ts). */
  accepted?: Acceptance;
  /** Set by `--baseline` (src/audit/baseline.ts): how the finding compares with the previous run. */
  baseline?: BaselineState;
}

/** Why an accepted finding does not count: who accepted it, until when, and where that is written. */
export interface Acceptance {
  /** `file`: an exceptions file; `annotation`: the object's own `ktm.knative.dev/accept` annotation. */
  by: 'file' | 'annotation';
  reason: string;
  owner: string;
  /** Last day (UTC, YYYY-MM-DD) the acceptance holds. */
  expires: string;
  /** `file:line` of the exception entry, or of the annotated object. */
  source: string;
}

/** SARIF's baselineState values: `updated` = same fingerprint, different message or severity. */
export type BaselineState = 'new' | 'unchanged' | 'updated' | 'absent';

/** What a check may read. Expensive parts (reachability, PSS, RBAC) are computed on first use and cached. */
export interface AuditContext {
  inventory: Inventory;
  /** Tenant namespace names, sorted. */
  tenants: string[];
  isTenant(namespace: string | undefined): boolean;
  model: ThreatModel;
  trust: TrustProfile;
  /** Knative configuration as Knative itself would read it (defaults applied, unknown values ignored). */
  knative: KnativeConfig;
  /** The CNI's ipBlock semantics (detected from the input, or `--cni`): every reachability answer uses this one. */
  cni: CniDecision;
  rbac(): RbacIndex;
  /** The reachability engine's view (computed on first use; an engine failure stops the audit, never skips a check). */
  reach(): ReachView;
  /** PSS evaluation of one workload at a level (cached; a failure stops the audit). */
  pss(w: Workload, level: 'baseline' | 'restricted'): PssOutcome;
  /** Informational notes (not findings): things the audit could not decide, e.g. a `devel` version. */
  note(text: string): void;
}

export interface PssOutcome {
  allowed: boolean;
  violations: { check: string; message: string }[];
  /** The PSS version evaluated (`latest` or `v1.N`). */
  version: string;
}

export type Verdict = 'pass' | 'pass-with-assumptions' | 'fail';

export interface TenancySupport {
  tenancy: TenancyModelId;
  /** As the model states it. */
  status: 'supported' | 'unsupported' | 'supported-with-hardening';
  /** The model's own words (tenancy description), and the hardening it names. */
  statement: string;
  hardening: { id: string; title: string; description: string }[];
}

export interface AuditAssumption {
  id: string;
  subject: string;
  statement: string;
  clauses: string[];
}

/** Metadata of a check as run against the chosen model (for SARIF rules and PolicyReport passes). */
export interface RuleInfo {
  id: string;
  title: string;
  severity: Severity;
  tenancy: TenancyModelId[];
  /** Trust profile the check applies to. */
  trust: FindingTrust;
  clauseRule: RuleTag;
  /** Clause id in the chosen model. */
  clause: string;
  description: string;
  fix: string;
  /** Equivalent checks in other frameworks, with titles (crosswalk). */
  crosswalk: Equivalent[];
  /** Why no other framework tests this property, when crosswalk is empty. */
  noEquivalent?: string;
  /** False when the check did not apply to the selected tenancies or trust profile. */
  ran: boolean;
}

export interface AuditResult {
  model: string;
  /** Every check with its clause in the chosen model; not part of the JSON output. */
  rules: RuleInfo[];
  tenancy: TenancyModelId[];
  trust: Partial<Record<TenancyModelId, TrustProfile>>;
  verdicts: Partial<Record<TenancyModelId, Verdict>>;
  /** Tenancies the model does not support (said first in every report), with the hardening it would need. */
  support: TenancySupport[];
  assumptions: AuditAssumption[];
  /** Findings that count: verdicts, `--fail-on` and the reports' finding lists read these. */
  findings: Finding[];
  /** Findings accepted by an exception or annotation (each with `accepted`): reported, never counted. */
  accepted?: Finding[];
  /** With `--baseline`: the previous run's findings that this run no longer has (baseline `absent`). */
  absent?: Finding[];
  tenants: string[];
  notes: string[];
  /**
   * Notes that change how the verdicts read (e.g. `--tenant-selector` matched no namespace, so the tenant checks had
   * nothing to judge). Also in `notes`; the table, Markdown and HTML reports show them before the verdicts.
   */
  warnings: string[];
  /**
   * Tenant namespace matrix for the heat map (absent when the reachability engine could not run): `cells` the
   * strongest path kind per ordered pair, `kinds` every kind the pair has (strongest first, [] for none).
   */
  reachability?: { namespaces: string[]; cells: Record<string, Record<string, string>>; kinds: Record<string, Record<string, string[]>> };
}

/** The inverse of a Finding's `resource`: `Kind/ns/name` or `Kind/name` (cluster-scoped). */
export function parseResource(res: string): { kind: string; namespace?: string; name: string } {
  const parts = res.split('/');
  if (parts.length >= 3) return { kind: parts[0], namespace: parts[1], name: parts.slice(2).join('/') };
  return { kind: parts[0], name: parts.slice(1).join('/') };
}
