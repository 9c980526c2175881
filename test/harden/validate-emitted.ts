/**
 * Would a real API server accept what harden writes? Each object is validated against the OpenAPI schema of its
 * kind: built-in kinds against @kubernetes/client-node's models, generated from the Kubernetes OpenAPI (every field
 * must exist, with its JSON type; src/k8s/object-schema.ts); Istio, Knative (Serving, Eventing,
 * the Operator, ClusterDomainClaim), cert-manager and Gateway API objects against the generated models of
 * @kubernetes-models/*; any other custom resource against a CRD the caller supplies (e.g. ClusterNetworkPolicy).
 * A kind with no schema is itself a problem — there is no "unchecked" list.
 */
import { Ajv } from '../helpers/ajv.js';
import type { K8sObject } from '../../src/k8s/types.js';
import { checkBuiltinObject } from '../../src/k8s/object-schema.js';

/** The models package of an API group (group names are DNS labels; kinds are identifiers — nothing else is imported). */
function modelModule(apiVersion: string, kind: string): string | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(kind) || !/^v[0-9a-z]+$/.test(version) || !/^[a-z0-9.-]*$/.test(group)) return undefined;
  const path = `${group ? `${group}/` : ''}${version}/${kind}`;
  if (group.endsWith('.istio.io')) return `@kubernetes-models/istio/${path}`;
  if (group.endsWith('knative.dev')) return `@kubernetes-models/knative/${path}`;
  if (group.endsWith('cert-manager.io')) return `@kubernetes-models/cert-manager/${path}`;
  if (group === 'gateway.networking.k8s.io') return `@kubernetes-models/gateway-api/${path}`;
  return undefined;
}

type ModelClass = new (data: unknown) => { validate(): void };

async function loadModel(module: string, kind: string): Promise<ModelClass | undefined> {
  try {
    const mod = (await import(module)) as Record<string, unknown>;
    return mod[kind] as ModelClass | undefined;
  } catch {
    return undefined;
  }
}

/** A CustomResourceDefinition as read (only what validation needs). */
export interface CrdSchema {
  group: string;
  kind: string;
  versions: Array<{ name: string; schema?: { openAPIV3Schema?: Record<string, unknown> } }>;
}

/** Problems with the object as `path: message`; empty = a real API server (with those CRDs) accepts its shape. */
export async function validateEmitted(obj: K8sObject, crds: readonly CrdSchema[] = []): Promise<string[]> {
  const id = `${obj.kind}/${obj.metadata?.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata?.name}`;
  const problems: string[] = [];
  const builtin = checkBuiltinObject(obj);
  if (builtin) return builtin.map((p) => `${id}: ${p}`);
  const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/', 2) : ['', obj.apiVersion];
  const crd = crds.find((c) => c.group === group && c.kind === obj.kind);
  if (crd) {
    const schema = crd.versions.find((v) => v.name === version)?.schema?.openAPIV3Schema;
    if (!schema) return [...problems, `${id}: CRD ${crd.kind}.${crd.group} has no schema for ${version}`];
    const ajv = new Ajv({ strict: false, allErrors: true });
    const { metadata: _metadata, ...body } = obj;
    const props = (schema.properties ?? {}) as Record<string, unknown>;
    // metadata is Kubernetes' to check (checkBuiltinObject), not the CRD's: any object stands in where it is required.
    if (!ajv.validate({ ...schema, properties: { ...props, metadata: {} } }, { ...body, metadata: {} })) {
      problems.push(...(ajv.errors ?? []).map((e) => `${id}: ${e.instancePath || '/'} ${e.message}`));
    }
    return problems;
  }
  const module = modelModule(obj.apiVersion, obj.kind);
  const Model = module ? await loadModel(module, obj.kind) : undefined;
  if (!Model) return [...problems, `${id}: no schema for ${obj.apiVersion} ${obj.kind}`];
  try {
    new Model(JSON.parse(JSON.stringify(obj))).validate();
  } catch (err) {
    problems.push(`${id}: ${(err as Error).message}`);
  }
  return problems;
}
