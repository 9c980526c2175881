/**
 * Views of the namespace reachability matrix that stay useful at thousands of namespaces, each written row by row
 * (never a string or array of namespaces² entries):
 * - csv: the full matrix as CSV, for spreadsheets;
 * - sparse (text) and jsonl (JSON lines): per source namespace its usual cell (the most common in its row) and only
 *   the destinations that differ from it, so a cluster where everyone reaches everyone through the gateway prints one
 *   line per namespace plus the exceptions;
 * - summary: per destination namespace, how many other namespaces reach it, by path kind.
 */
import { CELL_ORDER, type Cell, type NamespaceMatrix } from '../netpol/index.js';
import type { TextSink } from './text-sink.js';
import { longest } from './reach-matrix.js';

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Header `from \ to,ns…`, then one row per source namespace. */
export function writeMatrixCsv(m: NamespaceMatrix, out: TextSink): void {
  const names = m.namespaces;
  out.write(`${['from \\ to', ...names].map(csvField).join(',')}\n`);
  for (const a of names) out.write(`${[a, ...names.map((b) => m.cell(a, b))].map(csvField).join(',')}\n`);
}

/**
 * The usual cell of a source namespace: the most common in its row; on a tie the weaker kind (none before hubs,
 * hubs before direct), so what is listed as an exception is the more open path.
 */
export function rowDefault(m: NamespaceMatrix, from: string): Cell {
  const counts = new Map<Cell, number>();
  for (const to of m.namespaces) {
    const c = m.cell(from, to);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let best: Cell = 'none';
  let bestCount = -1;
  for (let i = CELL_ORDER.length - 1; i >= 0; i--) {
    const n = counts.get(CELL_ORDER[i]) ?? 0;
    if (n > bestCount) {
      best = CELL_ORDER[i];
      bestCount = n;
    }
  }
  return best;
}

/** Calls `emit` for each source namespace with its usual cell, then for each destination that differs from it. */
function eachSparseRow(m: NamespaceMatrix, emit: (from: string, usual: Cell, exceptions: Array<[string, Cell]>) => void): void {
  for (const from of m.namespaces) {
    const usual = rowDefault(m, from);
    const exceptions: Array<[string, Cell]> = [];
    for (const to of m.namespaces) {
      const c = m.cell(from, to);
      if (c !== usual) exceptions.push([to, c]);
    }
    emit(from, usual, exceptions);
  }
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
 * pair), and whether its own workloads reach each other. One pass per destination column: namespaces² cell reads,
 * one row of counts in memory.
 */
export function writeSummary(m: NamespaceMatrix, out: TextSink): void {
  const names = m.namespaces;
  const width = longest(names, 'namespace'.length);
  const colW = SUMMARY_CELLS.map((c) => Math.max(c.length, String(names.length).length));
  const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - s.length));
  out.write(`# per namespace: how many of the other ${Math.max(0, names.length - 1)} namespaces reach it, by path kind; "self": its own reach within it\n`);
  out.write(`${[pad('namespace', width), ...SUMMARY_CELLS.map((c, i) => pad(c === 'none' ? 'none' : c, colW[i])), 'self'].join('  ')}\n`);
  for (const to of names) {
    const counts = new Map<Cell, number>();
    for (const from of names) {
      if (from === to) continue;
      const c = m.cell(from, to);
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    const self = m.cell(to, to);
    out.write(`${[pad(to, width), ...SUMMARY_CELLS.map((c, i) => pad(String(counts.get(c) ?? 0), colW[i])), self === 'none' ? '-' : self].join('  ')}\n`);
  }
}
