/**
 * Views of the namespace reachability matrix that stay useful at thousands of namespaces, each written row by row
 * (never a string or array of namespaces² entries):
 * - csv: the full matrix as CSV, for spreadsheets;
 * - sparse (text) and jsonl (JSON lines): per source namespace its usual cell (the most common in its row) and only
 *   the destinations that differ from it, so a cluster where everyone reaches everyone through the gateway prints one
 *   line per namespace plus the exceptions;
 * - summary: per destination namespace, how many other namespaces reach it, by path kind.
 */
import { bitsReader, CELL_ORDER, kindsOfBits, type Cell, type NamespaceMatrix } from '../netpol/index.js';
import type { TextSink } from './text-sink.js';
import { longest } from './reach-matrix.js';

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The strongest kind of a cell from its bits ('none' for 0). */
const strongest = (bits: number): Cell => kindsOfBits(bits)[0] ?? 'none';

/** Header `from \ to,ns…`, then one row per source namespace. */
export function writeMatrixCsv(m: NamespaceMatrix, out: TextSink): void {
  const names = m.namespaces;
  const bits = bitsReader(m);
  out.write(`${['from \\ to', ...names].map(csvField).join(',')}\n`);
  names.forEach((a, i) => {
    let row = csvField(a);
    for (let j = 0; j < names.length; j++) row += `,${strongest(bits(i, j))}`;
    out.write(`${row}\n`);
  });
}

/**
 * The usual cell of a source namespace: the most common in its row; on a tie the weaker kind (none before hubs,
 * hubs before direct), so what is listed as an exception is the more open path.
 */
export function rowDefault(m: NamespaceMatrix, from: string): Cell {
  return usualOfRow(bitsReader(m), m.namespaces.indexOf(from), m.namespaces.length);
}

function usualOfRow(bits: (i: number, j: number) => number, i: number, n: number): Cell {
  const counts = new Array<number>(CELL_ORDER.length).fill(0);
  for (let j = 0; j < n; j++) counts[CELL_ORDER.indexOf(strongest(bits(i, j)))]++;
  let best: Cell = 'none';
  let bestCount = -1;
  for (let k = CELL_ORDER.length - 1; k >= 0; k--) {
    if (counts[k] > bestCount) {
      best = CELL_ORDER[k];
      bestCount = counts[k];
    }
  }
  return best;
}

/** Calls `emit` for each source namespace with its usual cell, then for each destination that differs from it. */
function eachSparseRow(m: NamespaceMatrix, emit: (from: string, usual: Cell, exceptions: Array<[string, Cell]>) => void): void {
  const names = m.namespaces;
  const bits = bitsReader(m);
  names.forEach((from, i) => {
    const usual = usualOfRow(bits, i, names.length);
    const exceptions: Array<[string, Cell]> = [];
    for (let j = 0; j < names.length; j++) {
      const c = strongest(bits(i, j));
      if (c !== usual) exceptions.push([names[j], c]);
    }
    emit(from, usual, exceptions);
  });
}

/**
 * Text: `FROM  *  CELL` gives the row's usual cell (every destination not listed after it), then `FROM  TO  CELL`
 * for each exception. A row whose usual cell is `-` (none) lists only what it reaches.
 */
export function writeSparseText(m: NamespaceMatrix, out: TextSink): void {
  const width = longest(m.namespaces, 'from'.length);
  const pad = (s: string) => s + ' '.repeat(width - s.length);
  out.write(`# from  to  reach ("*": every destination not listed in the lines after it; "-": none)\n`);
  eachSparseRow(m, (from, usual, exceptions) => {
    let block = `${pad(from)}  ${pad('*')}  ${usual === 'none' ? '-' : usual}\n`;
    for (const [to, c] of exceptions) block += `${pad(from)}  ${pad(to)}  ${c === 'none' ? '-' : c}\n`;
    out.write(block);
  });
}

/** JSON lines: `{"from","default"}` per source namespace, then `{"from","to","reach"}` per exception. */
export function writeSparseJsonl(m: NamespaceMatrix, out: TextSink): void {
  eachSparseRow(m, (from, usual, exceptions) => {
    let block = `${JSON.stringify({ from, default: usual })}\n`;
    for (const [to, reach] of exceptions) block += `${JSON.stringify({ from, to, reach })}\n`;
    out.write(block);
  });
}

/** The columns of the summary: every way in, strongest first, then none. */
const SUMMARY_CELLS: readonly Cell[] = CELL_ORDER;

/**
 * Per destination namespace: how many *other* namespaces reach it by each kind of path (the strongest kind per
 * pair), and whether its own workloads reach each other. One pass over the cells by position, row by row; counts
 * are kept per destination (namespaces × kinds numbers), never the cells.
 */
export function writeSummary(m: NamespaceMatrix, out: TextSink): void {
  const names = m.namespaces;
  const n = names.length;
  const bits = bitsReader(m);
  const kinds = SUMMARY_CELLS.length;
  const counts = new Int32Array(n * kinds);
  const strongestIndex = Array.from({ length: 1 << CELL_ORDER.length }, (_, b) => SUMMARY_CELLS.indexOf(strongest(b)));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) if (i !== j) counts[j * kinds + strongestIndex[bits(i, j)]]++;
  }
  const width = longest(names, 'namespace'.length);
  const colW = SUMMARY_CELLS.map((c) => Math.max(c.length, String(n).length));
  const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - s.length));
  out.write(`# per namespace: how many of the other ${Math.max(0, n - 1)} namespaces reach it, by path kind; "self": its own reach within it\n`);
  out.write(`${[pad('namespace', width), ...SUMMARY_CELLS.map((c, k) => pad(c === 'none' ? 'none' : c, colW[k])), 'self'].join('  ')}\n`);
  names.forEach((to, j) => {
    const self = strongest(bits(j, j));
    out.write(`${[pad(to, width), ...SUMMARY_CELLS.map((_c, k) => pad(String(counts[j * kinds + k]), colW[k])), self === 'none' ? '-' : self].join('  ')}\n`);
  });
}
