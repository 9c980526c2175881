/**
 * A fast path for JSON manifests (`kubectl get -o json` dumps can hold tens of thousands of objects):
 * JSON.parse for the values, plus one linear scan that finds the line of the document and of every
 * element of its top-level `items` list, so sources stay `file:line`. The scan also bounds nesting
 * depth (JSON.parse recurses) and the parse refuses `__proto__` keys, as the YAML path does.
 * Text that is not valid JSON returns undefined and goes through the YAML parser, which reports
 * errors with positions.
 */
import { InputError, type SourcePosition } from '../util/errors.js';

export interface FastJson {
  value: unknown;
  /** Line of the document's first character. */
  line: number;
  /** Line of each element of the top-level `items` array, when there is one. */
  itemLines: number[];
}

export function parseJsonFast(text: string, file: string, maxDepth: number): FastJson | undefined {
  const scan = scanLines(text, file, maxDepth);
  if (!scan) return undefined;
  let value: unknown;
  try {
    // A reviver costs a call per value (half again JSON.parse's time on a big dump): only text where some string
    // reads `__proto__` (the scan decodes escaped ones) needs it to find out whether that string is a key.
    value = scan.mayHaveProtoKey
      ? JSON.parse(text, (key, v) => {
          if (key === '__proto__') throw new InputError(file, 'the key "__proto__" is not allowed', protoKeyPosition(text));
          return v;
        })
      : JSON.parse(text);
  } catch (err) {
    if (err instanceof InputError) throw err;
    return undefined;
  }
  return { value, line: scan.line, itemLines: scan.itemLines };
}

/** Whether the JSON string text[start, end) (between its quotes) reads `__proto__`, escapes decoded. */
function readsProto(text: string, start: number, end: number, escaped: boolean): boolean {
  if (!escaped) return end - start === 9 && text.startsWith('__proto__', start);
  // Each of the 9 characters is at most a 6-character escape; JSON.parse decodes exactly as the real parse will.
  if (end - start > 54) return false;
  try {
    return JSON.parse(text.slice(start - 1, end + 1)) === '__proto__';
  } catch {
    return false;
  }
}

function scanLines(text: string, file: string, maxDepth: number): { line: number; itemLines: number[]; mayHaveProtoKey: boolean } | undefined {
  let line = 1;
  let firstLine = 0;
  let depth = 0;
  let itemsDepth = -1; // depth inside the top-level `items` array, once entered
  let lastString = '';
  let stringStart = -1;
  let lastStringDepth = -1;
  let pendingKey = ''; // a depth-1 key whose value comes next
  let expectItem = false;
  const itemLines: number[] = [];
  let mayHaveProtoKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) continue;
    if (firstLine === 0) firstLine = line;
    if (expectItem && depth === itemsDepth && c !== 93 /* ] */) {
      itemLines.push(line);
      expectItem = false;
    }
    if (c === 34 /* " */) {
      stringStart = i + 1;
      i++;
      let escaped = false;
      while (i < text.length) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) {
          i += 2;
          escaped = true;
        } else if (d === 34) break;
        else if (d === 10) return undefined; // raw newline: not JSON
        else i++;
      }
      if (!mayHaveProtoKey && readsProto(text, stringStart, i, escaped)) mayHaveProtoKey = true;
      // Only short depth-1 strings can be the key we look for.
      lastString = depth === 1 && i - stringStart <= 16 ? text.slice(stringStart, i) : '';
      lastStringDepth = depth;
      continue;
    }
    if (c === 58 /* : */) {
      pendingKey = lastStringDepth === 1 ? lastString : '';
      continue;
    }
    if (c === 123 /* { */ || c === 91 /* [ */) {
      depth++;
      if (depth > maxDepth) throw new InputError(file, `nesting deeper than ${maxDepth} levels`, { line, column: 1 });
      if (c === 91 && depth === 2 && pendingKey === 'items' && itemsDepth === -1) {
        itemsDepth = 2;
        expectItem = true;
      }
      pendingKey = '';
      continue;
    }
    if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
      if (depth < 0) return undefined;
      if (depth < itemsDepth) itemsDepth = -2; // left the items array; never re-enter
      continue;
    }
    if (c === 44 /* , */) {
      if (depth === itemsDepth) expectItem = true;
      pendingKey = '';
    }
  }
  return { line: firstLine || 1, itemLines, mayHaveProtoKey };
}

/** Where the first `"__proto__"` key (not a value) is: JSON.parse's reviver does not say. */
function protoKeyPosition(text: string): SourcePosition {
  const m = /"__proto__"\s*:/.exec(text);
  if (!m) return { line: 1, column: 1 }; // spelled with escapes: point at the document
  const before = text.slice(0, m.index);
  const line = (before.match(/\n/g)?.length ?? 0) + 1;
  return { line, column: m.index - (before.lastIndexOf('\n') + 1) + 1 };
}
