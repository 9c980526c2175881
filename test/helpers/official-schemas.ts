/**
 * Validators for the official schemas in ../shared/fixtures/schemas, compiled as that folder's README says (each
 * schema's own draft; `iri` accepted for OpenVEX; FIRST's CVSS schemas registered under the ids CSAF refers to).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ValidateFunction } from 'ajv';
import { Ajv, Ajv2020, AjvDraft04, addFormats } from './ajv.js';
import { SHARED } from './paths.js';

const SCHEMAS = join(SHARED, 'fixtures/schemas');
const json = (p: string) => JSON.parse(readFileSync(join(SCHEMAS, p), 'utf8'));

export function openVexValidator(): ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true });
  addFormats(ajv);
  ajv.addFormat('iri', true);
  return ajv.compile(json('openvex/openvex_json_schema.json'));
}

export function csafValidator(): ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  for (const v of ['2.0', '3.0', '3.1']) {
    const s = json(`csaf/cvss-v${v}.json`);
    delete s.$schema;
    delete s.id;
    delete s.$id;
    ajv.addSchema(s, `https://www.first.org/cvss/cvss-v${v}.json`);
  }
  return ajv.compile(json('csaf/csaf_json_schema.json'));
}

export function cveValidator(): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(json('cve/CVE_Record_Format_bundled_5.1.1.json'));
}

/** One version's openAPIV3Schema of a CRD file (ajv approximates the API server's validation). */
export function crdValidator(file: string, version: string): { validate: ValidateFunction; kind: string; group: string } {
  const crd = parse(readFileSync(join(SCHEMAS, file), 'utf8'));
  const v = crd.spec.versions.find((x: { name: string }) => x.name === version);
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return { validate: ajv.compile(v.schema.openAPIV3Schema), kind: crd.spec.names.kind, group: crd.spec.group };
}

/** The four policy report kinds of both APIs (openreports.io, wgpolicyk8s.io), each by its CRD's schema. */
export const reportValidators = {
  Report: crdValidator('openreports/openreports.io_reports.yaml', 'v1alpha1'),
  ClusterReport: crdValidator('openreports/openreports.io_clusterreports.yaml', 'v1alpha1'),
  PolicyReport: crdValidator('wgpolicyk8s/wgpolicyk8s.io_policyreports.yaml', 'v1alpha2'),
  ClusterPolicyReport: crdValidator('wgpolicyk8s/wgpolicyk8s.io_clusterpolicyreports.yaml', 'v1alpha2'),
};

/** The errors of one policy report document against its kind's CRD schema ([] when valid); unknown kinds are an error. */
export function reportSchemaErrors(doc: { kind?: unknown; apiVersion?: unknown }): string[] {
  const v = reportValidators[doc.kind as keyof typeof reportValidators];
  if (!v) return [`no CRD for kind ${String(doc.kind)}`];
  if (typeof doc.apiVersion !== 'string' || !doc.apiVersion.startsWith(`${v.group}/`)) return [`apiVersion ${String(doc.apiVersion)} is not in group ${v.group}`];
  return v.validate(doc) ? [] : (v.validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** The final OASIS SARIF 2.1.0 schema (errata 01): draft-04, and a language-tag pattern invalid with the `u` flag. */
export function sarifValidator(): ValidateFunction {
  const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(json('sarif/sarif-schema-2.1.0.json'));
}
