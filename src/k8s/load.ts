/**
 * Reads Kubernetes objects from files, folders and stdin: multi-document YAML, JSON, `kind: List` and
 * typed lists (`PodList`, …), `kubectl get -o yaml|json` dumps, Helm output. Every object keeps its
 * source (file and line) so findings can point at it.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { InputError, type SourcePosition } from '../util/errors.js';
import { CLUSTER_LIMITS, parseDocuments, readInputText } from '../util/parse.js';
import { parseJsonFast } from './jsonfast.js';
import type { K8sObject, Resource, SourceRef } from './types.js';
import { crdScopes, groupKindOf, isClusterScoped } from './scope.js';
import { append } from '../util/arrays.js';

/** File name endings a folder walk picks up (a file named explicitly is read whatever its name). */
const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** An object as read, before scoping: where it came from and where (in the file) to point at it. */
export interface RawObject {
  obj: K8sObject;
  source: SourceRef;
}

/** Reads every source (file, folder, or `-` for stdin) and returns its objects in a deterministic order. */
export function readSources(paths: string[]): Resource[] {
  const raw: RawObject[] = [];
  for (const path of paths) {
    for (const file of expandPath(path)) append(raw, readManifestFile(file));
  }
  return toResources(raw);
}

/** A path → the files to read: itself, or every manifest file under a folder, sorted by path. */
export function expandPath(path: string): string[] {
  if (path === '-') return ['-'];
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new InputError(path, 'no such file or directory');
  }
  if (!st.isDirectory()) return [path];
  const out: string[] = [];
  walk(path, out, new Set());
  return out;
}

function walk(dir: string, out: string[], seen: Set<string>): void {
  // Symlinked folders may loop back; follow each real folder once.
  const real = realpathSync(dir);
  if (seen.has(real)) return;
  seen.add(real);
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (err) {
    throw new InputError(dir, `cannot read folder: ${(err as Error).message}`);
  }
  for (const name of names) {
    const full = join(dir, name);
    let st;
    try {
      st = statSync(full);
    } catch {
      continue; // a dangling symlink is not a manifest
    }
    if (st.isDirectory()) walk(full, out, seen);
    // A manifest-named entry that is no regular file (a FIFO, or a link to /dev/urandom) goes to the bounded
    // reader, which refuses it by name: skipping it silently would audit less than the user gave.
    else if (MANIFEST_EXTENSIONS.has(extname(name).toLowerCase())) out.push(full);
  }
}

/** Reads one file (or stdin) and returns its objects, lists flattened. */
export function readManifestFile(file: string): RawObject[] {
  const text = readInputText(file, CLUSTER_LIMITS);
  return objectsFromText(text, file);
}

/** Parses manifest text (as read from `file`) into objects with their sources. */
export function objectsFromText(text: string, file: string): RawObject[] {
  const out: RawObject[] = [];
  const first = text.trimStart()[0];
  if (first === '{' || first === '[') {
    // JSON: parsed natively (much faster than the YAML parser on big dumps), lines found by a scan.
    const fast = parseJsonFast(text, file, CLUSTER_LIMITS.maxDepth);
    if (fast) {
      const locate: Locate = (p) =>
        p.length === 0
          ? { line: fast.line, column: 1 }
          : p.length === 2 && p[0] === 'items' && typeof p[1] === 'number' && fast.itemLines[p[1]] !== undefined
            ? { line: fast.itemLines[p[1]], column: 1 }
            : undefined;
      collect(fast.value, [], { cheap: locate, exact: locate }, file, out, undefined);
      return out;
    }
  }
  for (const doc of parseDocuments(text, file, CLUSTER_LIMITS)) {
    // An empty document (`---` at the end, or only comments) is nothing, as for kubectl.
    if (doc.value === null || doc.value === undefined) continue;
    const exact: Locate = (p) => doc.locate(p) ?? (doc.line !== undefined && p.length === 0 ? { line: doc.line, column: 1 } : undefined);
    // A fast-parsed document re-parses to locate a field: worth it for an error, not for every object's source.
    // Nested lists (a List inside a List) are rare: they pay one positional parse of their document.
    const cheap: Locate = doc.quickLocate ? (p) => doc.quickLocate!(p) ?? exact(p) : exact;
    collect(doc.value, [], { cheap, exact }, file, out, undefined);
  }
  return out;
}

type Locate = (path: Array<string | number>) => SourcePosition | undefined;
/** Where to point: `cheap` for every object's source line, `exact` for an error message. */
interface Locators {
  cheap: Locate;
  exact: Locate;
}

function collect(
  value: unknown,
  path: Array<string | number>,
  where: Locators,
  file: string,
  out: RawObject[],
  listKind: { apiVersion?: string; itemKind?: string } | undefined,
): void {
  if (Array.isArray(value)) {
    throw new InputError(
      file,
      'expected a Kubernetes object (a mapping with apiVersion, kind and metadata), found a list without kind',
      where.exact(path),
    );
  }
  if (value === null || typeof value !== 'object') {
    throw new InputError(file, `expected a Kubernetes object, found ${value === null ? 'null' : typeof value}`, where.exact(path));
  }
  const obj = value as Record<string, unknown>;
  // Items of typed lists from the API (`PodList` from /api/v1/pods) carry no kind/apiVersion of their own.
  if (listKind) {
    if (obj.kind === undefined && listKind.itemKind) obj.kind = listKind.itemKind;
    if (obj.apiVersion === undefined && listKind.apiVersion) obj.apiVersion = listKind.apiVersion;
  }
  if (isList(obj)) {
    const items = obj.items as unknown[];
    const kind = obj.kind as string;
    const itemKind = kind === 'List' ? undefined : kind.slice(0, -'List'.length);
    const apiVersion = kind === 'List' ? undefined : typeof obj.apiVersion === 'string' ? obj.apiVersion : undefined;
    items.forEach((item, i) => collect(item, [...path, 'items', i], where, file, out, { apiVersion, itemKind }));
    return;
  }
  const problem = objectProblem(obj);
  if (problem) throw new InputError(file, problem.message, where.exact([...path, ...problem.path]) ?? where.exact(path));
  const pos = where.cheap(path);
  const source: SourceRef = pos ? { file, line: pos.line } : { file };
  out.push({ obj: obj as unknown as K8sObject, source });
}

/** `kind: List`, or a typed list (`PodList`, `NamespaceList`, …): a `*List` kind with `items` and no name. */
function isList(obj: Record<string, unknown>): boolean {
  const kind = obj.kind;
  if (typeof kind !== 'string' || !Array.isArray(obj.items)) return false;
  if (kind === 'List') return true;
  const meta = obj.metadata as Record<string, unknown> | undefined;
  return kind.endsWith('List') && kind.length > 4 && !(meta && typeof meta === 'object' && meta.name);
}

function objectProblem(obj: Record<string, unknown>): { message: string; path: string[] } | undefined {
  if (typeof obj.apiVersion !== 'string' || obj.apiVersion === '') {
    return { message: 'not a Kubernetes object: apiVersion is missing', path: ['apiVersion'] };
  }
  if (typeof obj.kind !== 'string' || obj.kind === '') {
    return { message: 'not a Kubernetes object: kind is missing', path: ['kind'] };
  }
  const meta = obj.metadata;
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) {
    return { message: `${obj.kind} has no metadata`, path: ['metadata'] };
  }
  const m = meta as Record<string, unknown>;
  if (typeof m.name !== 'string' || m.name === '') {
    return { message: `${obj.kind} has no metadata.name`, path: ['metadata', 'name'] };
  }
  if (m.namespace !== undefined && m.namespace !== null && typeof m.namespace !== 'string') {
    return { message: `${obj.kind} ${m.name}: metadata.namespace must be a string`, path: ['metadata', 'namespace'] };
  }
  for (const field of ['labels', 'annotations'] as const) {
    const v = m[field];
    if (v !== undefined && v !== null && (typeof v !== 'object' || Array.isArray(v))) {
      return { message: `${obj.kind} ${m.name}: metadata.${field} must be a mapping`, path: ['metadata', field] };
    }
  }
  return undefined;
}

/**
 * Turns objects into Resources: group kind, name, and namespace (defaulted to `default` for namespaced
 * kinds, none for cluster-scoped ones — the built-in list plus any CRDs among the objects).
 */
export function toResources(raw: RawObject[]): Resource[] {
  const scopes = crdScopes(
    raw.filter((r) => r.obj.kind === 'CustomResourceDefinition' && r.obj.apiVersion.startsWith('apiextensions.k8s.io/')).map((r) => r.obj),
  );
  return raw.map(({ obj, source }) => {
    const groupKind = groupKindOf(obj.kind, obj.apiVersion);
    normalizeMeta(obj);
    let namespace: string | undefined;
    if (isClusterScoped(groupKind, scopes)) {
      namespace = undefined;
    } else {
      namespace = obj.metadata.namespace || 'default';
      // The API server fills the namespace in; engines reading the object see what the cluster would hold.
      obj.metadata.namespace = namespace;
    }
    return { obj, groupKind, kind: obj.kind, name: obj.metadata.name, namespace, source };
  });
}

/** Label and annotation values as strings (YAML may read `version: 1` as a number), null maps dropped. */
function normalizeMeta(obj: K8sObject): void {
  const m = obj.metadata;
  for (const field of ['labels', 'annotations'] as const) {
    const v = m[field];
    if (v === null) delete m[field];
    else if (v) for (const k of Object.keys(v)) if (typeof v[k] !== 'string') v[k] = v[k] == null ? '' : String(v[k]);
  }
}
