/**
 * The VulnerabilityReport format (issue 3): what a reporter tells the security team, as facets the
 * verdict rules and the CVSS derivation can read. This zod schema is the single source of truth.
 */
import * as z from '../util/zod.js';
import { STRIDE } from '../model/stride.js';
import { InputError } from '../util/errors.js';
import { parseDocuments, type ParsedDocument } from '../util/parse.js';
import { validateDocument } from '../util/validate.js';
import { CvssVectorError, parseVector } from '../cvss/vector.js';

/** STRIDE, plus the two kinds of report Knative's process sees often enough to name. */
export const CATEGORIES = [...STRIDE, 'code-execution', 'event-replay'] as const;
export type Category = (typeof CATEGORIES)[number];

/** The attacker's position before the attack. Same words as the model's actor privileges. */
export const ACCESS_LEVELS = [
  'none',
  'cluster-network',
  'workload',
  'namespace-admin',
  'event-source-admin',
  'supply-chain',
  'knative-admin',
  'cluster-admin',
] as const;
export type Access = (typeof ACCESS_LEVELS)[number];

export const TARGETS = ['own-namespace', 'other-namespace', 'system', 'node', 'cluster', 'external'] as const;
export type Target = (typeof TARGETS)[number];

export const IMPACT_LEVELS = ['none', 'low', 'high'] as const;
export type ImpactLevel = (typeof IMPACT_LEVELS)[number];

export const PRECONDITIONS = [
  'compromised-platform',
  'compromised-network',
  'compromised-runtime',
  'container-escape',
  'non-default-config',
  'documented-insecure-config',
  'multi-tenant-deployment',
  'victim-application-bug',
  'compromised-supply-chain',
] as const;
export type Precondition = (typeof PRECONDITIONS)[number];

/**
 * Who controls the application that is harmed (2025 Attack Goals: attacks on "an application which they do not have
 * control of"). `attacker`: the attacker's own application (its namespace, its pod's sidecar, configuration they
 * wrote). `same-namespace`: another team's application in a namespace the attacker can deploy into — the namespace is
 * the model's security domain. `other`: someone else's application.
 */
export const TARGET_OWNERS = ['attacker', 'same-namespace', 'other'] as const;
export type TargetOwner = (typeof TARGET_OWNERS)[number];

/**
 * Is the behaviour documented, and who chose it? `owner-choice`: the docs state the effect of a setting the affected
 * application's owner chose; `administrator-choice`: a setting the administrator chose (the docs call it insecure or
 * state its effect); `default-limitation`: the docs state the limitation of the default set-up and how to mitigate it.
 */
export const DOCUMENTED = ['no', 'owner-choice', 'administrator-choice', 'default-limitation'] as const;
export type Documented = (typeof DOCUMENTED)[number];

/** Does Knative's code reach the vulnerable symbol of a dependency? */
export const REACHABILITY = ['reached', 'not-reached', 'unknown'] as const;
export type Reachability = (typeof REACHABILITY)[number];

/** A report about a library Knative depends on, rather than Knative's own code. */
export const DependencySchema = z.strictObject({
  /** The dependency's module or package, e.g. `golang.org/x/net`. */
  module: z.string().min(1),
  /** The dependency's advisory id (GO-…, GHSA-…, CVE-…), if any. */
  advisory: z.string().min(1).optional(),
  reachability: z.enum(REACHABILITY),
  /** What shows the reachability: a govulncheck trace, a code search, a maintainer's statement. */
  evidence: z.string().min(1).optional(),
});
export type Dependency = z.infer<typeof DependencySchema>;

/** A CVSS 3.x or 4.0 vector, checked strictly; the message names the bad metric. */
const CvssField = z
  .string()
  .nullable()
  .optional()
  .superRefine((v, ctx) => {
    if (v === null || v === undefined) return;
    try {
      parseVector(v);
    } catch (err) {
      if (!(err instanceof CvssVectorError)) throw err;
      ctx.addIssue({ code: 'custom', message: `bad CVSS vector: ${err.message}` });
    }
  });

export const VulnerabilityReportSchema = z.strictObject({
  apiVersion: z.literal('ktm/v1'),
  kind: z.literal('VulnerabilityReport'),
  metadata: z.strictObject({
    id: z.string().min(1).optional(),
    title: z.string().min(1),
    references: z.array(z.string().min(1)).default([]),
    /** Longer text (e.g. an imported advisory's description); optional. */
    description: z.string().optional(),
  }),
  spec: z.strictObject({
    /**
     * A component id of the model, a name people write for one (`security-guard`, `kourier`), or `other` (not part of
     * Knative). Resolved and checked against the models by checkComponents.
     */
    component: z.string().min(1).max(100),
    category: z.enum(CATEGORIES),
    attacker: z.strictObject({
      access: z.enum(ACCESS_LEVELS),
      userInteraction: z.enum(['none', 'required']).default('none'),
    }),
    target: z.enum(TARGETS),
    impact: z.strictObject({
      confidentiality: z.enum(IMPACT_LEVELS),
      integrity: z.enum(IMPACT_LEVELS),
      availability: z.enum(IMPACT_LEVELS),
    }),
    attackComplexity: z.enum(['low', 'high']).default('low'),
    requires: z.array(z.enum(PRECONDITIONS)).default([]),
    equallyAffectsKubernetes: z.boolean().default(false),
    /** Who controls the harmed application; absent: implied by the target where it can be (see questions.ts). */
    targetOwner: z.enum(TARGET_OWNERS).optional(),
    documented: z.enum(DOCUMENTED).default('no'),
    /** Where the documentation says so (a URL or the quoted sentence): the evidence for `documented`. */
    documentation: z.string().min(1).optional(),
    /** false: defence in depth with no demonstrated path to an impact (the 2023 audit's "Informational"). */
    impactDemonstrated: z.boolean().default(true),
    dependency: DependencySchema.optional(),
    cvss: CvssField,
  }),
});
export type VulnerabilityReport = z.infer<typeof VulnerabilityReportSchema>;
export type ReportSpec = VulnerabilityReport['spec'];

/**
 * A report whose facts may be incomplete: what an imported GHSA/OSV advisory or a half-answered interactive
 * session gives. Facets that are absent are the questions to ask (verdict `needs-info`).
 */
export interface DraftReport {
  apiVersion: 'ktm/v1';
  kind: 'VulnerabilityReport';
  metadata: VulnerabilityReport['metadata'];
  spec: {
    component?: string;
    category?: Category;
    attacker?: { access?: Access; userInteraction?: 'none' | 'required' };
    target?: Target;
    impact?: { confidentiality?: ImpactLevel; integrity?: ImpactLevel; availability?: ImpactLevel };
    attackComplexity?: 'low' | 'high';
    requires?: Precondition[];
    equallyAffectsKubernetes?: boolean;
    targetOwner?: TargetOwner;
    documented?: Documented;
    documentation?: string;
    impactDemonstrated?: boolean;
    dependency?: { module?: string; advisory?: string; reachability?: Reachability; evidence?: string };
    cvss?: string | null;
  };
}

/** Parses and validates one report (YAML or JSON). Errors name the field path and line:col. */
export function parseReport(text: string, file: string): VulnerabilityReport {
  const doc = singleDocument(parseDocuments(text, file), file);
  return validateDocument(VulnerabilityReportSchema, doc, file, 'VulnerabilityReport');
}

export function singleDocument(docs: ParsedDocument[], file: string): ParsedDocument {
  if (docs.length === 0) throw new InputError(file, 'the file is empty', { line: 1, column: 1 });
  if (docs.length > 1) {
    throw new InputError(file, `expected one document, found ${docs.length}`, { line: docs[1].line ?? 1, column: 1 });
  }
  return docs[0];
}
