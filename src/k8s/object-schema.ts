/**
 * Checks that an object ktm writes is a well-formed Kubernetes object of a built-in kind: every field exists in the
 * API type and has the right JSON type. The API types come from @kubernetes/client-node's generated models (the
 * OpenAPI of the Kubernetes API), so a misspelt field or a wrong type is caught before anyone applies the YAML.
 */
import * as k8s from '@kubernetes/client-node';
import type { K8sObject } from './types.js';

interface Attribute {
  name: string;
  baseName: string;
  type: string;
}
type Model = { getAttributeTypeMap(): Attribute[] };

/** The client-node model class of a built-in kind, e.g. `V1NetworkPolicy` for networking.k8s.io/v1 NetworkPolicy. */
export function modelFor(apiVersion: string, kind: string): Model | undefined {
  const version = apiVersion.split('/').pop()!;
  const name = `${version.charAt(0).toUpperCase()}${version.slice(1)}${kind}`;
  const model = (k8s as unknown as Record<string, unknown>)[name] as Model | undefined;
  return model && typeof model.getAttributeTypeMap === 'function' ? model : undefined;
}

/** Problems with the object, as `path: message`; empty when it is well formed. Undefined when the kind is not built in. */
export function checkBuiltinObject(obj: K8sObject): string[] | undefined {
  const model = modelFor(obj.apiVersion, obj.kind);
  if (!model) return undefined;
  const problems: string[] = [];
  walk(obj, model, obj.kind, problems);
  return problems;
}

function walk(value: unknown, model: Model, path: string, problems: string[]): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${path}: expected an object`);
    return;
  }
  const attrs = new Map(model.getAttributeTypeMap().map((a) => [a.baseName, a]));
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const attr = attrs.get(key);
    if (!attr) {
      problems.push(`${path}.${key}: no such field`);
      continue;
    }
    checkType(v, attr.type, `${path}.${key}`, problems);
  }
}

function checkType(v: unknown, type: string, path: string, problems: string[]): void {
  if (v === null || v === undefined) return;
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    if (!Array.isArray(v)) problems.push(`${path}: expected a list`);
    else v.forEach((item, i) => checkType(item, array[1], `${path}[${i}]`, problems));
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    if (typeof v !== 'object' || Array.isArray(v)) problems.push(`${path}: expected a mapping`);
    else for (const [k, item] of Object.entries(v)) checkType(item, map[1], `${path}.${k}`, problems);
    return;
  }
  switch (type) {
    case 'string':
      if (typeof v !== 'string') problems.push(`${path}: expected a string`);
      return;
    case 'number':
      if (typeof v !== 'number') problems.push(`${path}: expected a number`);
      return;
    case 'boolean':
      if (typeof v !== 'boolean') problems.push(`${path}: expected true or false`);
      return;
    case 'IntOrString':
      if (typeof v !== 'string' && typeof v !== 'number') problems.push(`${path}: expected a number or a string`);
      return;
    case 'Date':
      if (typeof v !== 'string') problems.push(`${path}: expected a timestamp`);
      return;
    case 'any':
    case 'object':
      return;
  }
  const model = (k8s as unknown as Record<string, unknown>)[type] as Model | undefined;
  if (model && typeof model.getAttributeTypeMap === 'function') walk(v, model, path, problems);
  else problems.push(`${path}: unknown type ${type}`);
}
