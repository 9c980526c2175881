/**
 * Loads a threat model: a built-in id (`knative-2021`, `knative-2025`) or a YAML/JSON file, which may be an
 * overlay that `extends` another model. Everything is validated (shape with zod, then links) and every problem
 * becomes an InputError naming the file, the position and the field path. A built-in model whose file is unchanged
 * since the build is read in its validated form (src/model/validated-models.ts).
 */
import { dirname, resolve } from 'node:path';
import { InputError } from '../util/errors.js';
import { DOCUMENT_LIMITS, loadSingleDocument, type ParsedDocument } from '../util/parse.js';
import { formatPath, validateDocument } from '../util/validate.js';
import { ModelOverlaySchema, ThreatModelSchema, type ThreatModel } from './schema.js';
import { checkIntegrity } from './integrity.js';
import { applyOverlay } from './overlay.js';
import { DEFAULT_MODEL, builtinIds, builtinModelPath, infoOf, refIsFile, type BuiltinModelInfo } from './builtin-models.js';
import { validatedBuiltin } from './validated-models.js';

export { DEFAULT_MODEL, builtinModelPath, type BuiltinModelInfo };

/** The models shipped in models/*.yaml, sorted by id. */
export function listBuiltinModels(): BuiltinModelInfo[] {
  return builtinIds().map((id) => infoOf(loadModel(id)));
}

const cache = new Map<string, ThreatModel>();

/**
 * Loads a model by built-in id or file path. A ref that names an existing file is read as a file; otherwise it
 * must be a built-in id. Built-ins are cached (callers get a fresh copy).
 */
export function loadModel(ref: string = DEFAULT_MODEL): ThreatModel {
  return resolveRef(ref, process.cwd(), []);
}

function resolveRef(ref: string, baseDir: string, chain: string[]): ThreatModel {
  const builtin = builtinModelPath(ref);
  const asFile = resolve(baseDir, ref);
  const isFile = refIsFile(ref, baseDir);
  if (!isFile && builtin) {
    const hit = cache.get(ref);
    if (hit) return structuredClone(hit);
    // Validated at build time when the file is unchanged (src/model/validated-models.ts); else parsed and checked.
    const model = validatedBuiltin(ref, builtin) ?? loadFile(builtin, ref, chain);
    cache.set(ref, model);
    return structuredClone(model);
  }
  if (!isFile && !looksLikePath(ref)) {
    const known = builtinIds().join(', ');
    throw new InputError(ref, `no such model: not a file, and not a built-in model id (built-in: ${known})`);
  }
  // Name a file as the user wrote it when it is relative to where they are; a base found next to an overlay by
  // its absolute path, so the message is usable from the user's working directory.
  const shown = baseDir === process.cwd() ? ref : asFile;
  return ref === '-' ? loadFile('-', '-', chain, '-') : loadFile(asFile, asFile, chain, shown);
}

function looksLikePath(ref: string): boolean {
  return /[\\/]/.test(ref) || /\.(ya?ml|json)$/i.test(ref);
}

/**
 * @param file what to read (and to name in messages)
 * @param key identity used for cycle detection (absolute path or built-in id)
 */
function loadFile(file: string, key: string, chain: string[], shownAs: string = file): ThreatModel {
  if (chain.includes(key)) {
    throw new InputError(shownAs, `"extends" cycle: ${[...chain, key].join(' -> ')}`);
  }
  const doc = readDocument(file, shownAs);
  // Messages name the file as the user wrote it (built-ins by their path under the package).
  const name = shownAs;
  const value = doc.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError(name, 'invalid threat model: expected a mapping at the top level', at(doc, []));
  }
  const raw = value as Record<string, unknown>;
  let model: ThreatModel;
  if ('extends' in raw) {
    const overlay = validateDocument(ModelOverlaySchema, doc, name, 'model overlay');
    const baseDir = file === '-' ? process.cwd() : dirname(resolve(file));
    const base = resolveRefWithPosition(overlay.extends, baseDir, [...chain, key], doc, name);
    const { model: merged, problems } = applyOverlay(base, overlay, raw);
    if (problems.length > 0) {
      const p = problems[0];
      throw new InputError(name, `invalid model overlay: ${p.message}`, at(doc, p.path), formatPath(p.path));
    }
    const result = ThreatModelSchema.safeParse(merged);
    if (!result.success) {
      const issue = result.error.issues[0];
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      const mapped = mapToOverlay(path, merged as Record<string, unknown>, raw);
      throw new InputError(
        name,
        `invalid threat model after applying the overlay: ${issue.message}`,
        at(doc, mapped ?? []),
        formatPath(mapped ?? path),
      );
    }
    model = result.data;
    checkLinks(model, doc, name, raw);
  } else {
    model = validateDocument(ThreatModelSchema, doc, name, 'threat model');
    checkLinks(model, doc, name);
  }
  return model;
}

function readDocument(file: string, name: string): ParsedDocument {
  try {
    return loadSingleDocument(file, DOCUMENT_LIMITS);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    // The YAML parser recurses on compact block nesting (`- - - …`) that the shared depth guard does not see;
    // say what happened instead of the engine's "Maximum call stack size exceeded".
    const message = /call stack/i.test(err.message)
      ? `nesting too deep to parse (documents may nest at most ${DOCUMENT_LIMITS.maxDepth} levels)`
      : err.message;
    throw new InputError(name, message, err.position, err.fieldPath);
  }
}

function resolveRefWithPosition(ref: string, baseDir: string, chain: string[], doc: ParsedDocument, name: string): ThreatModel {
  try {
    return resolveRef(ref, baseDir, chain);
  } catch (err) {
    // A missing or cyclic base is the overlay's fault: point at its `extends` line.
    if (err instanceof InputError && (err.file === ref || resolve(baseDir, ref) === err.file) && !err.position) {
      throw new InputError(name, `extends: ${err.message}`, at(doc, ['extends']), 'extends');
    }
    throw err;
  }
}

function checkLinks(model: ThreatModel, doc: ParsedDocument, name: string, overlayRaw?: Record<string, unknown>): void {
  const violations = checkIntegrity(model);
  if (violations.length === 0) return;
  const v = violations[0];
  const path = overlayRaw ? (mapToOverlay(v.path, model as unknown as Record<string, unknown>, overlayRaw) ?? v.path) : v.path;
  const more = violations.length > 1 ? ` (and ${violations.length - 1} more problem${violations.length > 2 ? 's' : ''})` : '';
  throw new InputError(name, `invalid threat model: ${v.message}${more}`, at(doc, overlayRaw && path === v.path ? [] : path), formatPath(path));
}

/**
 * A path into the merged model (e.g. components[12].boundary) points, when the entry came from the overlay, at the
 * same entry in the overlay file (components[0].boundary); undefined when the entry came from the base model.
 */
function mapToOverlay(
  path: Array<string | number>,
  merged: Record<string, unknown>,
  raw: Record<string, unknown>,
): Array<string | number> | undefined {
  const [list, index, ...rest] = path;
  if (typeof list !== 'string' || typeof index !== 'number') return path.length <= 1 ? path : undefined;
  const entry = (merged[list] as Array<{ id?: unknown }> | undefined)?.[index];
  const rawList = raw[list];
  if (!entry || !Array.isArray(rawList)) return undefined;
  const i = rawList.findIndex((e) => e && typeof e === 'object' && (e as { id?: unknown }).id === entry.id);
  return i < 0 ? undefined : [list, i, ...rest];
}

function at(doc: ParsedDocument, path: Array<string | number>) {
  return doc.locate(path) ?? (doc.line ? { line: doc.line, column: 1 } : undefined);
}
