/**
 * `ktm triage --format openvex`: an OpenVEX v0.2.0 document (https://github.com/openvex/spec), the format Trivy reads
 * from VEX repositories and Kubescape writes. One statement per product: the Knative module as a Go package URL, with
 * the model's component as its subcomponent. Status, justification and impact statement come from triage/vex-map.ts.
 */
import { createHash } from 'node:crypto';
import type { ThreatModel } from '../model/schema.js';
import type { TriageOutput } from '../triage/engine.js';
import { vexView, type VexOptions, type VexProduct, type VexStatement } from '../triage/vex-map.js';

export const OPENVEX_CONTEXT = 'https://openvex.dev/ns/v0.2.0';
/** The product when the component belongs to no Knative module (software outside Knative). */
const KNATIVE_PROJECT = 'https://github.com/knative';

export function openVexDocument(output: TriageOutput, models: ThreatModel[], opts: VexOptions = {}): Record<string, unknown> {
  const v = vexView(output, models, opts);
  const vulnerability: Record<string, unknown> = { name: v.id, description: v.title, ...(v.cve && v.cve !== v.id ? { aliases: [v.cve] } : {}) };
  const statements = v.statements.map((s) => statement(s, vulnerability, v.timestamp));
  const body = {
    '@context': OPENVEX_CONTEXT,
    author: 'Knative security team (drafted by ktm triage)',
    role: 'Document Creator',
    timestamp: v.timestamp,
    version: 1,
    tooling: 'ktm',
    statements,
  };
  // vexctl's convention: the document id is a hash of its content, so the same triage gives the same id.
  const digest = createHash('sha256').update(JSON.stringify(body)).digest('hex');
  return { '@id': `https://openvex.dev/docs/public/vex-${digest}`, ...body };
}

function statement(s: VexStatement, vulnerability: Record<string, unknown>, timestamp: string): Record<string, unknown> {
  return {
    vulnerability,
    timestamp,
    products: [productOf(s.product)],
    status: s.status,
    ...(s.justification ? { justification: s.justification } : {}),
    ...(s.impactStatement ? { impact_statement: s.impactStatement } : {}),
    ...(s.actionStatement ? { action_statement: s.actionStatement, action_statement_timestamp: timestamp } : {}),
    status_notes: s.statusNotes,
  };
}

/** `pkg:golang/knative.dev/serving[@version]` with the component as `urn:ktm:component:<id>`. */
export function productOf(p: VexProduct): Record<string, unknown> {
  const sub = p.component === 'other' ? [] : [{ '@id': `urn:ktm:component:${p.component}` }];
  if (!p.module) return { '@id': KNATIVE_PROJECT, ...(sub.length ? { subcomponents: sub } : {}) };
  const purl = `pkg:golang/${p.module}${p.version ? `@${p.version}` : ''}`;
  return { '@id': purl, identifiers: { purl }, ...(sub.length ? { subcomponents: sub } : {}) };
}

export function renderOpenVex(output: TriageOutput, models: ThreatModel[], opts: VexOptions = {}): string {
  return `${JSON.stringify(openVexDocument(output, models, opts), null, 2)}\n`;
}
