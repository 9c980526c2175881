/**
 * `JSON.stringify(value, null, 2)` written to a sink piece by piece, so a report of 10⁵ findings never exists as one
 * string. Plain objects and arrays are walked down `depth` levels; each value below is one JSON.stringify, re-indented.
 * The elements of an array on the last level walked are written a batch at a time: one JSON.stringify of the batch,
 * nested in as many arrays as the level is deep so it comes out indented, and sliced out of them.
 * The text is exactly what JSON.stringify(value, null, 2) gives (test/audit/json-stream.test.ts).
 */
import type { TextSink } from './text-sink.js';

/** Elements per batch: a few hundred KiB of findings per JSON.stringify. */
const BATCH = 256;

/**
 * An array whose elements are made as they are written, a batch at a time: a report's 10⁵ finding objects are then
 * short-lived (made, written, dropped) instead of all existing at once. JSON.stringify sees the mapped array.
 */
export class MappedArray<T> {
  constructor(
    readonly items: readonly T[],
    readonly map: (item: T) => unknown,
  ) {}
  toJSON(): unknown[] {
    return this.items.map((x) => this.map(x));
  }
}

export function writeJson(sink: TextSink, value: unknown, depth = 2): void {
  writeValue(sink, value, 0, depth);
}

/** Values JSON.stringify leaves out of objects (and writes as null in arrays). */
function omitted(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

function writeValue(sink: TextSink, value: unknown, level: number, depth: number): void {
  if (value instanceof MappedArray && depth > 0) {
    if (value.items.length === 0) return sink.write('[]');
    if (depth > 1) return writeValue(sink, value.toJSON(), level, depth);
    sink.write('[\n');
    return writeElementsBatched(sink, value.items, level, value.map);
  }
  const walk = depth > 0 && value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
  if (!walk) {
    const text = JSON.stringify(value, null, 2);
    // Raw newlines in JSON text are only the layout's (strings escape theirs): indent them to this level.
    sink.write(level === 0 ? text : text.replace(/\n/g, `\n${'  '.repeat(level)}`));
    return;
  }
  const pad = '  '.repeat(level + 1);
  const close = '  '.repeat(level);
  if (Array.isArray(value)) {
    if (value.length === 0) return sink.write('[]');
    sink.write('[\n');
    if (depth === 1) return writeElementsBatched(sink, value, level);
    value.forEach((item: unknown, i) => {
      sink.write(pad);
      if (omitted(item)) sink.write('null');
      else writeValue(sink, item, level + 1, depth - 1);
      sink.write(i < value.length - 1 ? ',\n' : '\n');
    });
    return sink.write(`${close}]`);
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((k) => !omitted(record[k]));
  if (keys.length === 0) return sink.write('{}');
  sink.write('{\n');
  keys.forEach((k, i) => {
    sink.write(`${pad}${JSON.stringify(k)}: `);
    writeValue(sink, record[k], level + 1, depth - 1);
    sink.write(i < keys.length - 1 ? ',\n' : '\n');
  });
  sink.write(`${close}}`);
}

/**
 * The elements of an array at `level` (its `[` already written), then its `]`. A batch nested in `level` arrays
 * stringifies with its elements at the array's element indent; the `level + 1` opening lines before them and closing
 * lines after them are (level + 1)(level + 2) characters each.
 */
function writeElementsBatched<T>(sink: TextSink, items: readonly T[], level: number, map?: (item: T) => unknown): void {
  const cut = (level + 1) * (level + 2);
  for (let i = 0; i < items.length; i += BATCH) {
    const batch = items.slice(i, i + BATCH);
    let nested: unknown = map ? batch.map((x) => map(x)) : batch;
    for (let k = 0; k < level; k++) nested = [nested];
    const text = JSON.stringify(nested, null, 2);
    sink.write(text.slice(cut, text.length - cut));
    sink.write(i + BATCH < items.length ? ',\n' : '\n');
  }
  sink.write(`${'  '.repeat(level)}]`);
}
