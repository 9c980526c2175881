/**
 * Safe parsing of untrusted YAML and JSON (DESIGN.md, "All input is untrusted").
 * Bounds: file size, alias expansion, nesting depth; `__proto__` keys are refused. Every error names
 * the file and, where the parser knows it, the line and column.
 */
import { createRequire } from 'node:module';
import type { Document, LineCounter, Node } from 'yaml';
import jsYaml from 'js-yaml';
import { InputError, type SourcePosition } from './errors.js';
import { readBounded } from './read.js';

/**
 * eemeli/yaml, the positional parser, loaded on first use: most input takes the fast path and needs it only to
 * place an error, so a command that reads a clean file never pays its start-up.
 */
const requireCjs = createRequire(import.meta.url);
let positionalLib: typeof import('yaml') | undefined;
function positional(): typeof import('yaml') {
  positionalLib ??= requireCjs('yaml') as typeof import('yaml');
  return positionalLib;
}

export interface ParseLimits {
  /** Largest input accepted, in bytes. */
  maxBytes: number;
  /** Deepest nesting of maps/sequences accepted. */
  maxDepth: number;
  /** Most alias references one document may use (billion-laughs guard). */
  maxAliases: number;
  /** Most documents one stream may hold (each costs the positional parser a few kilobytes). */
  maxDocuments: number;
  /** Most empty documents (bare `---`, only comments) one stream may hold: they add nothing but cost memory. */
  maxEmptyDocuments: number;
}

/** Limits for small hand-written documents: models, reports, designs. */
export const DOCUMENT_LIMITS: ParseLimits = { maxBytes: 4 * 1024 * 1024, maxDepth: 64, maxAliases: 100, maxDocuments: 1000, maxEmptyDocuments: 1000 };
/** Limits for cluster dumps, which can be large (thousands of namespaces) but are machine-written. */
export const CLUSTER_LIMITS: ParseLimits = {
  maxBytes: 1024 * 1024 * 1024,
  maxDepth: 128,
  maxAliases: 1000,
  // 10,000 namespaces dumped one object per document is about 260,000 documents.
  maxDocuments: 1_000_000,
  maxEmptyDocuments: 1000,
};

/** Longest mapping key accepted, in characters: YAML's own bound for implicit keys, and 4× Kubernetes' longest names. */
export const MAX_KEY_CHARS = 1024;

/** JSON bigger than this is parsed with JSON.parse (fast, but without per-node positions). */
const FAST_JSON_BYTES = 4 * 1024 * 1024;

export interface ParsedDocument {
  /** The plain JS value of the document. */
  value: unknown;
  /** 0-based index of the document in a multi-document stream. */
  index: number;
  /** Line (1-based) where the document starts; undefined when the fast JSON path was used. */
  line?: number;
  /**
   * Exact position of the node at a field path (of the key itself with `key: true`). Documents read by the fast
   * parser re-parse their own text with positions on the first call: meant for error messages, not for every node.
   */
  locate(path: ReadonlyArray<string | number>, opts?: { key?: boolean }): SourcePosition | undefined;
  /** False when locate re-parses the document (fast path): then use it for errors only. Absent means cheap. */
  positioned?: boolean;
  /**
   * A cheap position for the document itself ([]) and for the elements of a top-level block sequence
   * (['items', 3]), where objects of a `kind: List` start; undefined for anything else. Absent means use locate.
   */
  quickLocate?(path: ReadonlyArray<string | number>): SourcePosition | undefined;
}

/**
 * Reads a file (or stdin for `-`) as UTF-8 text through the bounded reader: non-regular files, binary data and
 * input over the limit are refused while reading, with the position where the problem starts.
 */
export function readInputText(file: string, limits: ParseLimits = DOCUMENT_LIMITS): string {
  return readBounded(file, limits.maxBytes).toString('utf8').replace(/^\uFEFF/, '');
}

/** Parses a YAML or JSON stream into its documents. Empty documents are dropped. */
export function parseDocuments(text: string, file: string, limits: ParseLimits = DOCUMENT_LIMITS): ParsedDocument[] {
  if (text.length > limits.maxBytes || Buffer.byteLength(text) > limits.maxBytes) {
    const cut = Buffer.from(text).subarray(0, limits.maxBytes).toString('utf8');
    throw new InputError(file, `input is larger than the limit of ${limits.maxBytes} bytes`, offsetToPosition(cut, cut.length));
  }
  const trimmed = text.trimStart();
  if (text.length > FAST_JSON_BYTES && (trimmed.startsWith('{') || trimmed.startsWith('['))) {
    return [parseLargeJson(text, file, limits)];
  }
  guardFlowNesting(text, file, limits);
  const chunks = splitDocuments(text, file, limits);
  const fast = fastYaml(text, chunks, limits);
  if (fast) return fast;
  return parseCarefully(text, file, limits);
}

/** The positional parser: exact positions for every node, and the error messages of eemeli/yaml. */
function parseCarefully(text: string, file: string, limits: ParseLimits): ParsedDocument[] {
  const { LineCounter, parseAllDocuments } = positional();
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
      positioned: true,
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

/** One document of a stream: its text is text.slice(from, to); `line` is the line where that slice starts. */
interface Chunk {
  from: number;
  to: number;
  line: number;
}

/**
 * Splits a stream at document markers (`---` alone at the start of a line) and enforces the document limits
 * before any parser builds a tree: 200,000 bare `---` would otherwise cost the positional parser 400 MB.
 */
function splitDocuments(text: string, file: string, limits: ParseLimits): Chunk[] {
  const chunks: Chunk[] = [];
  const marker = /^---[ \t]*\r?$/gm;
  let from = 0;
  let line = 1;
  let counted = 0;
  let empty = 0;
  const lineAt = (offset: number) => {
    for (let nl = text.indexOf('\n', counted); nl >= 0 && nl < offset; nl = text.indexOf('\n', counted)) {
      line++;
      counted = nl + 1;
    }
    return line;
  };
  const add = (to: number) => {
    const chunk = { from, to, line: lineAt(from) };
    chunks.push(chunk);
    if (chunks.length > limits.maxDocuments) {
      throw new InputError(file, `more than ${limits.maxDocuments} documents in one stream`, { line: chunk.line, column: 1 });
    }
    const beforeFirstMarker = from === 0 && to < text.length; // blank there is no document at all
    if (!beforeFirstMarker && isBlank(text, from, to) && ++empty > limits.maxEmptyDocuments) {
      throw new InputError(file, `more than ${limits.maxEmptyDocuments} empty documents in one stream`, { line: chunk.line, column: 1 });
    }
  };
  for (let m = marker.exec(text); m; m = marker.exec(text)) {
    add(m.index);
    from = m.index + m[0].length;
  }
  add(text.length);
  return chunks;
}

/**
 * True when text[from, to) holds nothing but blank lines and comments. A linear scan: a regular expression for this
 * backtracks exponentially on a line of many `#`.
 */
function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 13 || c === 10) continue;
    if (c !== 35 /* # */) return false;
    const nl = text.indexOf('\n', i);
    if (nl < 0 || nl >= to) return true;
    i = nl;
  }
  return true;
}

/**
 * The fast path for YAML at every size: js-yaml, about ten times faster than the positional parser. Only for text
 * where the fast parser cannot behave differently from the careful one: no anchor, alias, merge key, tag, complex
 * key or `__proto__` (so no alias bomb and no prototype key can get through), YAML 1.2 core schema like the careful
 * parser, nesting within the limit. Documents keep their start line; a field's exact position comes from
 * re-parsing that one document with positions when an error needs it. Anything the fast parser rejects, or any
 * doubt, returns undefined and the careful path runs, which reports the problem with its exact position.
 */
function fastYaml(text: string, chunks: Chunk[], limits: ParseLimits): ParsedDocument[] | undefined {
  if (text.includes('__proto__')) return undefined;
  // Whole-line comments cannot hold an anchor, alias or tag: Markdown `**bold**` in a model's comments must not send
  // it to the slow parser. (A `#` inside a value may still look like a comment here: that only costs speed.)
  const code = text.replace(/^[ \t]*#.*$/gm, '');
  if (/(^|[\s[{,])[&*!][^\s]/m.test(code) || /<<\s*:/.test(code)) return undefined;
  // Directives, end markers, complex keys and content on a marker line are legal but rare: the careful parser handles them.
  if (/^%/m.test(code) || /^\.\.\.[ \t]*$/m.test(code) || /^---[ \t]+\S/m.test(code) || /^[ \t-]*\?(\s|$)/m.test(code)) return undefined;
  const out: ParsedDocument[] = [];
  try {
    for (const c of chunks) {
      const chunk = text.slice(c.from, c.to);
      const value = jsYaml.load(chunk, { schema: jsYaml.CORE_SCHEMA });
      if (value === null || value === undefined) continue;
      if (!plainShape(value, limits.maxDepth)) return undefined;
      // The document's first content line: skip the rest of the marker line, blank lines and comments.
      const lead = /^(?:[ \t]*(?:#.*)?\r?\n)*/.exec(chunk)![0];
      const docLine = c.line + (lead.match(/\n/g)?.length ?? 0);
      out.push({
        value,
        index: out.length,
        line: docLine,
        positioned: false,
        locate: reparsingLocator(chunk, c.line, docLine),
        quickLocate: sequenceLocator(chunk, value, c.line, docLine),
      });
    }
  } catch {
    return undefined;
  }
  return out;
}

/** locate() for a fast-parsed document: the positional parser runs on that document's text at the first call. */
function reparsingLocator(chunk: string, firstLine: number, docLine: number): ParsedDocument['locate'] {
  let doc: Document.Parsed | undefined;
  let lc: LineCounter | undefined;
  return (path, opts) => {
    if (path.length === 0 && !opts?.key) return { line: docLine, column: 1 };
    if (!doc) {
      const { LineCounter, parseDocument } = positional();
      lc = new LineCounter();
      doc = parseDocument(chunk, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, merge: true });
    }
    const node = nodeAt(doc, path, opts?.key ?? false);
    if (!node?.range) return { line: docLine, column: 1 };
    const p = lc!.linePos(node.range[0]);
    return { line: firstLine + p.line - 1, column: p.col };
  };
}

/**
 * quickLocate() for a fast-parsed document: the lines of the elements of a top-level block sequence, found by one
 * scan of the document's lines when first asked (the `- ` at the sequence's indentation under `key:` at column 1).
 */
function sequenceLocator(chunk: string, value: unknown, firstLine: number, docLine: number): NonNullable<ParsedDocument['quickLocate']> {
  const found = new Map<string, number[]>();
  return (path) => {
    if (path.length === 0) return { line: docLine, column: 1 };
    if (path.length !== 2 || typeof path[0] !== 'string' || typeof path[1] !== 'number') return undefined;
    let lines = found.get(path[0]);
    if (!lines) {
      lines = sequenceLines(chunk, path[0]).map((l) => firstLine + l - 1);
      // A count that differs from the parsed sequence means the scan misread the text: give no lines at all.
      const parsed = (value as Record<string, unknown> | null)?.[path[0]];
      if (!Array.isArray(parsed) || parsed.length !== lines.length) lines = [];
      found.set(path[0], lines);
    }
    const line = lines[path[1]];
    return line === undefined ? undefined : { line, column: 1 };
  };
}

/** 1-based lines (within text) where the elements of the block sequence under the top-level `key:` start. */
function sequenceLines(text: string, key: string): number[] {
  const lines = text.split('\n');
  const out: number[] = [];
  const start = lines.findIndex((l) => l.trimEnd() === `${key}:`);
  if (start < 0) return out;
  let indent = -1;
  for (let i = start + 1; i < lines.length; i++) {
    const l = lines[i];
    const content = /^( *)(\S)/.exec(l);
    if (!content || content[2] === '#') continue; // blank or comment
    const at = content[1].length;
    if (indent < 0) {
      if (content[2] !== '-') return out; // not a block sequence
      indent = at;
    }
    if (at < indent || (at === 0 && content[2] !== '-')) break; // the next top-level key
    if (at === indent && content[2] === '-' && /^-(\s|$)/.test(l.slice(at))) out.push(i + 1);
  }
  return out;
}

/**
 * True when a plain value nests at most maxDepth maps/sequences and has no key longer than MAX_KEY_CHARS (walked
 * without recursion); otherwise the careful parser reports the problem with its position.
 */
function plainShape(value: unknown, maxDepth: number): boolean {
  const stack: Array<{ v: unknown; depth: number }> = [{ v: value, depth: 1 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > maxDepth) return false;
    if (Array.isArray(v)) {
      for (const child of v) if (child !== null && typeof child === 'object') stack.push({ v: child, depth: depth + 1 });
      continue;
    }
    for (const key in v) {
      if (key.length > MAX_KEY_CHARS) return false;
      const child = (v as Record<string, unknown>)[key];
      if (child !== null && typeof child === 'object') stack.push({ v: child, depth: depth + 1 });
    }
  }
  return true;
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
  return { value, index: 0, positioned: false, locate: () => undefined };
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
  const { isMap, isSeq, isPair, isScalar, isNode } = positional();
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
          if (isScalar(item.key) && String(item.key.value).length > MAX_KEY_CHARS) {
            const p = lc.linePos(item.key.range?.[0] ?? 0);
            throw new InputError(file, `a key longer than ${MAX_KEY_CHARS} characters`, { line: p.line, column: p.col });
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
  const { isMap, isSeq, isScalar, isNode } = positional();
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
