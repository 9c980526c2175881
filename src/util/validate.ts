/**
 * zod validation that reports the first problem with its field path and source position.
 * Every input format ktm reads (models, reports, designs, GHSA/OSV) goes through here.
 */
import type * as z from './zod.js';
import { InputError } from './errors.js';
import type { ParsedDocument } from './parse.js';

export function validateDocument<T extends z.ZodType>(schema: T, doc: ParsedDocument, file: string, what: string): z.infer<T> {
  const result = schema.safeParse(doc.value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  // An unknown key is reported on its parent object; point at the key itself.
  const unknownKey = issue.code === 'unrecognized_keys' && issue.keys.length > 0;
  if (unknownKey) path.push(issue.keys[0]);
  const position = doc.locate(path, { key: unknownKey }) ?? (doc.line ? { line: doc.line, column: 1 } : undefined);
  const fieldPath = path.length > 0 ? formatPath(path) : undefined;
  // zod describes a field that is simply not there as a wrong type or value ("received undefined"): say "missing".
  const missing = !unknownKey && path.length > 0 && valueAt(doc.value, path) === undefined;
  const expected = issue.message.replace(/^Invalid (input|option): /, '').replace(/, received undefined$/, '');
  const message = missing ? `missing required field (${expected})` : issue.message;
  throw new InputError(file, `invalid ${what}: ${message}`, position, fieldPath);
}

export function formatPath(path: ReadonlyArray<string | number>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** The value at a field path of a plain JS document, or undefined when any step is absent. */
function valueAt(value: unknown, path: ReadonlyArray<string | number>): unknown {
  let v: unknown = value;
  for (const k of path) {
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, k)) return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}
