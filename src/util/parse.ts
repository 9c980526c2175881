/**
 * Safe parsing of untrusted YAML and JSON (DESIGN.md, "All input is untrusted").
 * Bounds: file size, alias expansion, nesting depth; `__proto__` keys are refused. Every error names
 * the file and, where the parser knows it, the line and column.
 */
import { readFileSync, statSync } from 'node:fs';
import { LineCounter, parseAllDocuments, isMap, isSeq, isPair, isScalar, isNode, type Document, type Node } from 'yaml';
import jsYaml from 'js-yaml';
import { InputError, type SourcePosition } from './errors.js';

export interface ParseLimits {
  /** Largest input accepted, in bytes. */
  maxBytes: number;
  /** Deepest nesting of maps/sequences accepted. */
  maxDepth: number;
  /** Most alias references one document may use (billion-laughs guard). */
  maxAliases: number;
  /**
   * Large plain YAML may take the fast parser (no field positions inside documents). For machine-written cluster
   * dumps only: hand-written documents (models, reports, designs) always keep exact positions for their errors.
   */
  fastPath?: boolean;
}

/** Limits for small hand-written documents: models, reports, designs. */
export const DOCUMENT_LIMITS: ParseLimits = { maxBytes: 4 * 1024 * 1024, maxDepth: 64, maxAliases: 100 };
/** Limits for cluster dumps, which can be large (thousands of namespaces) but are machine-written. */
export const CLUSTER_LIMITS: ParseLimits = { maxBytes: 1024 * 1024 * 1024, maxDepth: 128, maxAliases: 1000, fastPath: true };

/** JSON bigger than this is parsed with JSON.parse (fast, but without per-node positions). */
const FAST_JSON_BYTES = 4 * 1024 * 1024;
/** Plain YAML (no anchors, aliases, merge keys or tags) bigger than this takes the fast path (see fastYaml). */
const FAST_YAML_BYTES = 1024 * 1024;

export interface ParsedDocument {
  /** The plain JS value of the document. */
  value: unknown;
  /** 0-based index of the document in a multi-document stream. */
  index: number;
  /** Line (1-based) where the document starts; undefined when the fast JSON path was used. */
  line?: number;
  /** Position of the node at a field path (of the key itself with `key: true`), when the parser kept positions. */
  locate(path: ReadonlyArray<string | number>, opts?: { key?: boolean }): SourcePosition | undefined;
}

/** Reads a file (or stdin for `-`) as UTF-8 text, refusing binary data and oversized input. */
export function readInputText(file: string, limits: ParseLimits = DOCUMENT_LIMITS): string {
  let buf: Buffer;
  try {
    if (file === '-') {
      // KTM_STDIN_TEXT lets in-process tests feed stdin; real runs read file descriptor 0.
      const injected = process.env.KTM_STDIN_TEXT;
      buf = injected !== undefined ? Buffer.from(injected, 'utf8') : readFileSync(0);
    } else {
      const st = statSync(file);
      if (st.isDirectory()) throw new InputError(file, 'is a directory, expected a file');
      if (st.size > limits.maxBytes) {
        throw new InputError(file, `file is ${st.size} bytes, larger than the limit of ${limits.maxBytes} bytes`);
      }
      buf = readFileSync(file);
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(file, code === 'ENOENT' ? 'no such file' : `cannot read: ${(err as Error).message}`);
  }
  if (buf.length > limits.maxBytes) {
    throw new InputError(file, `input is ${buf.length} bytes, larger than the limit of ${limits.maxBytes} bytes`);
  }
  const nul = buf.indexOf(0);
  if (nul >= 0) {
    const pos = offsetToPosition(buf.subarray(0, nul).toString('utf8'), nul);
    throw new InputError(file, 'binary data (NUL byte): expected YAML or JSON text', pos);
  }
  return buf.toString('utf8').replace(/^\uFEFF/, '');
}

/** Parses a YAML or JSON stream into its documents. Empty documents are dropped. */
export function parseDocuments(text: string, file: string, limits: ParseLimits = DOCUMENT_LIMITS): ParsedDocument[] {
  if (Buffer.byteLength(text) > limits.maxBytes) {
    throw new InputError(file, `input is larger than the limit of ${limits.maxBytes} bytes`);
  }
  const trimmed = text.trimStart();
  if (text.length > FAST_JSON_BYTES && (trimmed.startsWith('{') || trimmed.startsWith('['))) {
    return [parseLargeJson(text, file, limits)];
  }
  guardFlowNesting(text, file, limits);
  if (limits.fastPath && text.length > FAST_YAML_BYTES) {
    const fast = fastYaml(text);
    if (fast) return fast;
  }
  const lineCounter = new LineCounter();
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: true }) as Document.Parsed[];
  } catch (err) {
    if (err instanceof RangeError) throw tooDeep(text, file, limits);
    throw new InputError(file, `cannot parse: ${(err as Error).message}`);
  }
  if (!Array.isArray(docs)) docs = [docs as unknown as Document.Parsed];
  const out: ParsedDocument[] = [];
  docs.forEach((doc, index) => {
    const firstError = doc.errors[0];
    if (firstError) {
      const at = firstError.linePos?.[0] ?? lineCounter.linePos(firstError.pos[0]);
      // The parser reports its own stack overflow as a document error: say what it means.
      if (/Maximum call stack/.test(firstError.message)) {
        throw new InputError(file, `nesting too deep to parse (documents may nest at most ${limits.maxDepth} levels)`, { line: at.line, column: at.col });
      }
      throw new InputError(file, firstMessageLine(firstError.message), { line: at.line, column: at.col });
    }
    if (doc.contents === null) return;
    checkTree(doc.contents, file, lineCounter, limits);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: limits.maxAliases });
    } catch (err) {
      if (err instanceof RangeError) throw tooDeep(text, file, limits);
      const start = doc.contents?.range?.[0] ?? 0;
      const p = lineCounter.linePos(start);
      throw new InputError(file, `cannot expand document: ${(err as Error).message}`, { line: p.line, column: p.col });
    }
    const startPos = lineCounter.linePos(doc.contents?.range?.[0] ?? 0);
    out.push({
      value,
      index,
      line: startPos.line,
      locate(path, opts) {
        const node = nodeAt(doc, path, opts?.key ?? false);
        if (!node?.range) return undefined;
        const p = lineCounter.linePos(node.range[0]);
        return { line: p.line, column: p.col };
      },
    });
  });
  return out;
}

/** Convenience: read a file and parse it. */
export function loadDocuments(file: string, limits: ParseLimits = DOCUMENT_LIMITS): ParsedDocument[] {
  return parseDocuments(readInputText(file, limits), file, limits);
}

/** Reads a file that must hold exactly one document. */
export function loadSingleDocument(file: string, limits: ParseLimits = DOCUMENT_LIMITS): ParsedDocument {
  const docs = loadDocuments(file, limits);
  if (docs.length === 0) throw new InputError(file, 'the file is empty', { line: 1, column: 1 });
  if (docs.length > 1) {
    throw new InputError(file, `expected one document, found ${docs.length}`, { line: docs[1].line ?? 1, column: 1 });
  }
  return docs[0];
}

/**
 * Large machine-written YAML (a `kubectl get -o yaml` dump of thousands of namespaces) parsed with js-yaml, about
 * ten times faster than the positional parser. Only for text where the fast parser cannot behave differently from
 * the careful one: no anchor, alias, merge key, tag or `__proto__` (so no alias bomb and no prototype key can get
 * through), YAML 1.2 core schema like the careful parser. Documents keep their start line; nodes inside them have
 * no position. Anything the fast parser rejects, or any doubt, returns undefined and the careful path runs, which
 * then reports the problem with its exact position.
 */
function fastYaml(text: string): ParsedDocument[] | undefined {
  if (/(^|[\s[{,])[&*!][^\s]/m.test(text) || /<<\s*:/.test(text) || text.includes('__proto__')) return undefined;
  // Directives, end markers and content on a marker line are legal but rare: the careful parser handles them.
  if (/^%/m.test(text) || /^\.\.\.[ \t]*$/m.test(text) || /^---[ \t]+\S/m.test(text)) return undefined;
  // Split at document markers: `---` alone at the start of a line (top-level content is never indented under one).
  const chunks: Array<{ from: number; to: number; line: number }> = [];
  const marker = /^---[ \t]*\r?$/gm;
  let from = 0;
  let line = 1;
  let counted = 0;
  const lineAt = (offset: number) => {
    for (; counted < offset; counted++) if (text.charCodeAt(counted) === 10) line++;
    return line;
  };
  for (let m = marker.exec(text); m; m = marker.exec(text)) {
    chunks.push({ from, to: m.index, line: lineAt(from) });
    from = m.index + m[0].length;
  }
  chunks.push({ from, to: text.length, line: lineAt(from) });
  const out: ParsedDocument[] = [];
  try {
    for (const c of chunks) {
      const chunk = text.slice(c.from, c.to);
      const value = jsYaml.load(chunk, { schema: jsYaml.CORE_SCHEMA });
      if (value === null || value === undefined) continue;
      // The document's first content line: skip the rest of the marker line, blank lines and comments.
      const lead = /^(?:[ \t]*(?:#.*)?\r?\n)*/.exec(chunk)![0];
      const docLine = c.line + (lead.match(/\n/g)?.length ?? 0);
      out.push({ value, index: out.length, line: docLine, locate: (path) => (path.length === 0 ? { line: docLine, column: 1 } : undefined) });
    }
  } catch {
    return undefined;
  }
  return out;
}

function parseLargeJson(text: string, file: string, limits: ParseLimits): ParsedDocument {
  guardFlowNesting(text, file, limits);
  let value: unknown;
  try {
    value = JSON.parse(text, (key, v) => {
      if (key === '__proto__') throw new InputError(file, 'the key "__proto__" is not allowed', positionOfKey(text));
      return v;
    });
  } catch (err) {
    if (err instanceof InputError) throw err;
    const m = /position (\d+)/.exec((err as Error).message);
    const pos = m ? offsetToPosition(text, Number(m[1])) : undefined;
    throw new InputError(file, `invalid JSON: ${(err as Error).message.replace(/ in JSON at position \d+.*$/, '')}`, pos);
  }
  return { value, index: 0, locate: () => undefined };
}

function positionOfKey(text: string): SourcePosition | undefined {
  const at = text.indexOf('"__proto__"');
  return at >= 0 ? offsetToPosition(text, at) : undefined;
}

/**
 * Rejects deeply nested flow collections before the parser recurses into them
 * (10,000 `[` would otherwise exhaust the stack). Block nesting is bounded later by checkTree.
 */
function guardFlowNesting(text: string, file: string, limits: ParseLimits): void {
  let depth = 0;
  let inString: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */ && inString === '"') i++;
      else if (text[i] === inString) inString = null;
      continue;
    }
    if (c === 34 /* " */) inString = '"';
    else if (c === 91 || c === 123) {
      depth++;
      if (depth > limits.maxDepth) {
        throw new InputError(file, `nesting deeper than ${limits.maxDepth} levels`, offsetToPosition(text, i));
      }
    } else if (c === 93 || c === 125) depth = Math.max(0, depth - 1);
    else if (c === 35 /* # */ && (i === 0 || /\s/.test(text[i - 1]))) {
      // a YAML comment: skip to end of line so brackets inside comments do not count
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    }
  }
}

/**
 * The parser recursed out of stack: the input nests deeper than any limit (e.g. 10,000 compact `- - -`).
 * Point at the line whose content starts furthest right, where the nesting is deepest.
 */
function tooDeep(text: string, file: string, limits: ParseLimits): InputError {
  let best = { line: 1, column: 1 };
  let lineNo = 0;
  for (const line of text.split('\n')) {
    lineNo++;
    const m = /^[\s-]*/.exec(line);
    const col = (m ? m[0].length : 0) + 1;
    if (col > best.column) best = { line: lineNo, column: col };
  }
  return new InputError(file, `nesting deeper than ${limits.maxDepth} levels`, best);
}

/** Walks the parsed node tree iteratively: bounds depth, refuses `__proto__` keys. */
function checkTree(root: unknown, file: string, lc: LineCounter, limits: ParseLimits): void {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: root, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (isMap(node) || isSeq(node)) {
      if (depth > limits.maxDepth) {
        const p = lc.linePos((node as Node).range?.[0] ?? 0);
        throw new InputError(file, `nesting deeper than ${limits.maxDepth} levels`, { line: p.line, column: p.col });
      }
      for (const item of node.items) {
        if (isPair(item)) {
          if (isScalar(item.key) && item.key.value === '__proto__') {
            const p = lc.linePos(item.key.range?.[0] ?? 0);
            throw new InputError(file, 'the key "__proto__" is not allowed', { line: p.line, column: p.col });
          }
          if (isNode(item.key) && !isScalar(item.key)) stack.push({ node: item.key, depth: depth + 1 });
          stack.push({ node: item.value, depth: depth + 1 });
        } else {
          stack.push({ node: item, depth: depth + 1 });
        }
      }
    }
  }
}

function nodeAt(doc: Document.Parsed, path: ReadonlyArray<string | number>, wantKey: boolean): Node | undefined {
  let node: unknown = doc.contents;
  let last: Node | undefined = isNode(node) ? node : undefined;
  for (const [i, key] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
      if (!pair) return last;
      if (wantKey && i === path.length - 1 && isNode(pair.key)) return pair.key;
      node = pair.value ?? pair.key;
      if (!pair.value && isNode(pair.key)) return pair.key;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
    } else {
      return last;
    }
    if (isNode(node)) last = node;
    else return last;
  }
  return last;
}

function offsetToPosition(text: string, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function firstMessageLine(msg: string): string {
  return msg.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}
