/**
 * Renderers for the namespace reachability matrix: a text table, a DOT graph, and an SVG heat map that
 * stays readable for 50 namespaces (row labels left, column labels rotated, a legend, cell tooltips),
 * and the `ktm reach --format json` document (connections, hub paths, matrix, facts). Each writes row by row to a
 * sink: the matrix has namespaces² cells and must never be one string; the render* forms collect small ones.
 */
import { stableStringify } from '../model/stable-json.js';
import { collectText, type TextSink } from './text-sink.js';
import { envelope, type JudgedInput } from './json-envelope.js';
import { sortConnections, workloadName, type Connection } from '../netpol/connections.js';
import type { Cell, NamespaceMatrix, ReachFact, ReachPath } from '../netpol/index.js';

const ABBREV: Record<Cell, string> = {
  direct: 'direct',
  'via-activator': 'via-activator',
  'via-gateway': 'via-gateway',
  'via-broker': 'via-broker',
  none: '-',
};

/** The longest of the names and `floor`, without spreading a long list into Math.max. */
export function longest(names: readonly string[], floor = 0): number {
  let w = floor;
  for (const n of names) if (n.length > w) w = n.length;
  return w;
}

/** Rows are sources, columns destinations; `-` = none. */
export function writeMatrixText(m: NamespaceMatrix, out: TextSink): void {
  const names = m.namespaces;
  if (names.length === 0) {
    out.write('no namespaces\n');
    return;
  }
  const width = longest(names, 'from \\ to'.length);
  const colW = names.map((n) => Math.max(n.length, 13));
  const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - s.length));
  out.write(`${[pad('from \\ to', width), ...names.map((n, i) => pad(n, colW[i]))].join('  ').trimEnd()}\n`);
  for (const a of names) {
    out.write(`${[pad(a, width), ...names.map((b, i) => pad(ABBREV[m.cell(a, b)], colW[i]))].join('  ').trimEnd()}\n`);
  }
}

export function renderMatrixText(m: NamespaceMatrix): string {
  return collectText((sink) => writeMatrixText(m, sink));
}

const COLORS: Record<Cell, string> = {
  direct: '#c0392b',
  'via-activator': '#e67e22',
  'via-gateway': '#f1c40f',
  'via-broker': '#8e44ad',
  none: '#eef2f3',
};

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function renderMatrixSvg(m: NamespaceMatrix): string {
  return collectText((sink) => writeMatrixSvg(m, sink));
}

export function writeMatrixSvg(m: NamespaceMatrix, sink: TextSink): void {
  const names = m.namespaces;
  const cell = names.length > 60 ? 10 : 16;
  const labelW = Math.min(260, 10 + 7 * longest(names, 4));
  const top = labelW;
  const left = labelW;
  const legendH = 28;
  const size = names.length * cell;
  // Column labels are rotated -60°: the last one reaches cos(60°) of its length past the grid.
  const w = left + size + Math.ceil(0.5 * (labelW - 10)) + 20;
  const h = top + size + legendH + 30;
  // Lines of the header, labels and one matrix row at a time: written out before the next row is drawn.
  let out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif" font-size="11">`,
    `<title>Namespace reachability (rows: from, columns: to)</title>`,
    `<rect width="${w}" height="${h}" fill="#ffffff"/>`,
  ];
  names.forEach((n, i) => {
    const y = top + i * cell + cell * 0.7;
    out.push(`<text x="${left - 4}" y="${y.toFixed(1)}" text-anchor="end">${esc(n)}</text>`);
    const x = left + i * cell + cell * 0.7;
    out.push(`<text transform="translate(${x.toFixed(1)},${top - 4}) rotate(-60)" text-anchor="start">${esc(n)}</text>`);
  });
  const flush = () => {
    if (out.length > 0) sink.write(`${out.join('\n')}\n`);
    out = [];
  };
  flush();
  names.forEach((a, i) => {
    names.forEach((b, j) => {
      const c = m.cell(a, b);
      out.push(
        `<rect x="${left + j * cell}" y="${top + i * cell}" width="${cell - 1}" height="${cell - 1}" fill="${COLORS[c]}"><title>${esc(a)} → ${esc(b)}: ${c}</title></rect>`,
      );
    });
    flush();
  });
  let lx = 10;
  const ly = top + size + 20;
  for (const c of ['direct', 'via-activator', 'via-gateway', 'via-broker', 'none'] as Cell[]) {
    out.push(`<rect x="${lx}" y="${ly}" width="12" height="12" fill="${COLORS[c]}" stroke="#999"/>`);
    out.push(`<text x="${lx + 16}" y="${ly + 10}">${c}</text>`);
    lx += 30 + c.length * 7;
  }
  out.push('</svg>');
  flush();
}

/** A DOT graph: one node per namespace, one edge per reachable ordered pair (self loops left out). */
export function renderMatrixDot(m: NamespaceMatrix): string {
  return collectText((sink) => writeMatrixDot(m, sink));
}

export function writeMatrixDot(m: NamespaceMatrix, out: TextSink): void {
  out.write('digraph reach {\n  rankdir=LR;\n  node [shape=box, fontname="sans-serif"];\n');
  for (const n of m.namespaces) out.write(`  "${n}";\n`);
  for (const a of m.namespaces) {
    for (const b of m.namespaces) {
      if (a === b) continue;
      const c = m.cell(a, b);
      if (c === 'none') continue;
      const style = c === 'direct' ? '' : ', style=dashed';
      out.write(`  "${a}" -> "${b}" [label="${c}", color="${COLORS[c]}"${style}];\n`);
    }
  }
  out.write('}\n');
}

const byStr = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function pathJson(p: ReachPath) {
  return {
    kind: p.kind,
    from: workloadName(p.from),
    to: workloadName(p.to),
    hops: p.hops.map((h) => ({ from: h.from, to: h.to, conn: h.conns.toString() })),
    ...(p.filter ? { filter: p.filter } : {}),
  };
}

export interface ReachJsonParts {
  connections: Connection[];
  paths: ReachPath[];
  matrix: NamespaceMatrix;
  facts: ReachFact[];
  warnings: string[];
  knativeHops: boolean;
  input: JudgedInput;
}

export function renderReachJson(parts: ReachJsonParts): string {
  return collectText((sink) => writeReachJson(parts, sink));
}

/** `value` as stable JSON indented by 2, nested `depth` levels deep (so it can be spliced into a streamed document). */
function nestedJson(value: unknown, depth: number): string {
  return stableStringify(value, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`);
}

/**
 * The json document, keys sorted as stableStringify sorts them; the matrix cells are written one source row at a
 * time (the rest of the document is bounded by the workload count, which the CLI limits).
 */
export function writeReachJson(parts: ReachJsonParts, sink: TextSink): void {
  const m = parts.matrix;
  // A `ReachReport` document: the header's keys take their places among the body's in sorted order.
  const { apiVersion, kind, metadata } = envelope('ReachReport', parts.input);
  const head = {
    apiVersion,
    connections: sortConnections(parts.connections).map((c) => ({
      src: c.srcName,
      dst: c.dstName,
      conn: c.conns.toString(),
      ports: c.conns.toJSON(),
    })),
    facts: parts.facts
      .map((f) => ({ kind: f.kind, from: workloadName(f.from), to: workloadName(f.to), conn: f.conns.toString() }))
      .sort((a, b) => byStr(a.kind, b.kind) || byStr(a.from, b.from) || byStr(a.to, b.to)),
    kind,
    knativeHops: parts.knativeHops,
  };
  const tail = {
    metadata,
    paths: parts.paths
      .filter((p) => p.kind !== 'direct')
      .map(pathJson)
      .sort((a, b) => byStr(a.from, b.from) || byStr(a.to, b.to) || byStr(a.kind, b.kind) || byStr(JSON.stringify(a.hops), JSON.stringify(b.hops))),
    warnings: [...parts.warnings].sort(byStr),
  };
  sink.write('{\n');
  for (const [key, value] of Object.entries(head)) sink.write(`  ${JSON.stringify(key)}: ${nestedJson(value, 1)},\n`);
  const sorted = [...m.namespaces].sort(byStr);
  if (sorted.length === 0) sink.write('  "matrix": {\n    "cells": {},\n');
  else {
    sink.write('  "matrix": {\n    "cells": {\n');
    sorted.forEach((a, i) => {
      const row = sorted.map((b) => `        ${JSON.stringify(b)}: ${JSON.stringify(m.cell(a, b))}`).join(',\n');
      sink.write(`      ${JSON.stringify(a)}: {\n${row}\n      }${i < sorted.length - 1 ? ',' : ''}\n`);
    });
    sink.write('    },\n');
  }
  sink.write(`    "namespaces": ${nestedJson(m.namespaces, 2)}\n  },\n`);
  const tailEntries = Object.entries(tail);
  tailEntries.forEach(([key, value], i) => sink.write(`  ${JSON.stringify(key)}: ${nestedJson(value, 1)}${i < tailEntries.length - 1 ? ',' : ''}\n`));
  sink.write('}\n');
}
