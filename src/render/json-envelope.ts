/**
 * The header every ktm JSON document starts with (docs/README.head.md, "Machine output"): which schema it follows
 * (`apiVersion`, `kind`), which ktm wrote it, and what input it judged — so a stored report says what it is about.
 */
import { toolVersion } from '../util/version.js';

export const KTM_API_VERSION = 'ktm.knative.dev/v1alpha1';

export type ReportKind = 'AuditReport' | 'CheckList' | 'ReachReport' | 'ReachExplanation' | 'PssReport' | 'TriageResult' | 'ReviewReport' | 'ModelDiff' | 'ModelList' | 'ModelValidation';

/** What a command judged: the sources as given (or the live cluster), the model(s), and any level/version applied. */
export interface JudgedInput {
  sources?: string[];
  models?: Array<{ id: string; version: string }>;
  [key: string]: unknown;
}

export interface Envelope {
  apiVersion: typeof KTM_API_VERSION;
  kind: ReportKind;
  metadata: { generator: { name: 'ktm'; version: string }; input: JudgedInput };
}

export function envelope(kind: ReportKind, input: JudgedInput): Envelope {
  return { apiVersion: KTM_API_VERSION, kind, metadata: { generator: { name: 'ktm', version: toolVersion() }, input } };
}

/** The header first, then the body's own keys (a body never overrides the header). */
export function withEnvelope<T extends object>(kind: ReportKind, input: JudgedInput, body: T): Envelope & T {
  const head = envelope(kind, input);
  return { ...head, ...body, ...head } as Envelope & T;
}
