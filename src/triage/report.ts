/**
 * The VulnerabilityReport format (issue 3): what a reporter tells the security team, as facets the
 * verdict rules and the CVSS derivation can read. This zod schema is the single source of truth.
 */
import { z } from 'zod';
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
    /** A component id of the model, or `other` (not part of Knative). Checked against the models by the CLI. */
    component: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'a component id (lower-case letters, digits, dots, dashes)'),
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
