/**
 * Renderers for the namespace reachability matrix: a text table, a DOT graph, and an SVG heat map that
 * stays readable for 50 namespaces (captioned axes, row labels left, column labels rotated, every path kind of a cell
 * in its own corner, a legend including none, cell tooltips),
 * and the `ktm reach --format json` document (connections, hub paths, matrix, facts). Each writes row by row to a
 * sink: the matrix has namespaces² cells and must never be one string; the render* forms collect small ones.
 */
import { stableStringify } from '../model/stable-json.js';
import { collectText, type TextSink } from './text-sink.js';
import { envelope, type JudgedInput } from './json-envelope.js';
import { sortConnections, workloadName, type Connection } from '../netpol/connections.js';
import { bitsReader, cellKinds, kindsOfBits, type Cell, type NamespaceMatrix, type ReachFact, type ReachPath } from '../netpol/index.js';

/** The longest of the names and `floor`, without spreading a long list into Math.max. */
export function longest(names: readonly string[], floor = 0): number {
  let w = floor;
  for (const n of names) if (n.length > w) w = n.length;
  return w;
}

/** Every kind of a cell in one word (`direct+via-gateway`), `-` for none: what the text matrix and tooltips show. */
export function cellLabel(m: NamespaceMatrix, from: string, to: string): string {
  const kinds = cellKinds(m, from, to);
  return kinds.length ? kinds.join('+') : '-';
}

/** cellLabel of every bit set, so 10⁸ cells cost a table read each. */
const LABEL_OF_BITS: readonly string[] = Array.from({ length: 32 }, (_, b) => (kindsOfBits(b).length ? kindsOfBits(b).join('+') : '-'));

/**
 * Rows are sources, columns destinations; a cell lists every kind of path (`direct+via-activator`), `-` = none.
 * Column widths take a first pass over the cells (by position, never all held): rows are written as made.
 */
export function writeMatrixText(m: NamespaceMatrix, out: TextSink): void {
  const names = m.namespaces;
  if (names.length === 0) {
    out.write('no namespaces\n');
    return;
  }
  const bits = bitsReader(m);
  const n = names.length;
  const width = longest(names, 'from \\ to'.length);
  const colW = names.map((x) => Math.max(x.length, 13));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const l = LABEL_OF_BITS[bits(i, j)].length;
      if (l > colW[j]) colW[j] = l;
    }
  }
  // Padding per (label, width) would be 10⁸ strings: pad with slices of one run of spaces instead.
  let widest = width;
  for (const w of colW) if (w > widest) widest = w;
  const spaces = ' '.repeat(widest + 2);
  const pad = (s: string, w: number) => (s.length >= w ? s : s + spaces.slice(0, w - s.length));
  out.write(`${[pad('from \\ to', width), ...names.map((x, j) => pad(x, colW[j]))].join('  ').trimEnd()}\n`);
  for (let i = 0; i < n; i++) {
    let row = pad(names[i], width);
    for (let j = 0; j < n; j++) row += `  ${pad(LABEL_OF_BITS[bits(i, j)], colW[j])}`;
    out.write(`${row.trimEnd()}\n`);
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

/** Each path kind has its own corner of a cell, so a cell shows every kind it has, also without colour. */
const QUADRANT: Record<Exclude<Cell, 'none'>, [number, number]> = {
  direct: [0, 0],
  'via-activator': [1, 0],
  'via-gateway': [0, 1],
  'via-broker': [1, 1],
};
const KINDS = Object.keys(QUADRANT) as Exclude<Cell, 'none'>[];

/**
 * The matrix as an SVG heat map: rows = from, columns = to (both axes captioned), each cell split in four corners,
 * one per path kind (direct top left, activator top right, gateway bottom left, broker bottom right), a grey cell for
 * none, a legend with every kind and none, and a tooltip per cell. Cells are 24 px (12 px beyond 60 namespaces).
 * Written one matrix row at a time.
 */
export function writeMatrixSvg(m: NamespaceMatrix, sink: TextSink): void {
  const names = m.namespaces;
  const cell = names.length > 60 ? 12 : 24;
  const half = (cell - 2) / 2;
  const labelW = Math.min(260, 12 + 7 * longest(names, 4));
  const left = Math.max(labelW, 190);
  const top = 22 + labelW;
  const size = names.length * cell;
  const legendH = 60;
  // Column labels are rotated -60°: the last one reaches cos(60°) of its length past the grid.
  const w = Math.max(left + size + Math.ceil(0.5 * (labelW - 10)) + 20, 560);
  const h = top + size + legendH;
  let out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif" font-size="12">`,
    `<title>Namespace reachability (rows: from, columns: to)</title>`,
    `<rect width="${w}" height="${h}" fill="#ffffff"/>`,
    `<text class="axis" x="${left}" y="14" font-weight="bold">to (destination namespace) →</text>`,
    `<text class="axis" x="${left - 4}" y="${top - 6}" text-anchor="end" font-weight="bold">from (source namespace) ↓</text>`,
  ];
  const flush = () => {
    if (out.length > 0) sink.write(`${out.join('\n')}\n`);
    out = [];
  };
  names.forEach((n, i) => {
    const y = top + i * cell + cell * 0.65;
    out.push(`<text x="${left - 4}" y="${y.toFixed(1)}" text-anchor="end">${esc(n)}</text>`);
    const x = left + i * cell + cell * 0.65;
    out.push(`<text transform="translate(${x.toFixed(1)},${top - 4}) rotate(-60)" text-anchor="start">${esc(n)}</text>`);
  });
  flush();
  const bits = bitsReader(m);
  names.forEach((a, i) => {
    names.forEach((b, j) => {
      const x = left + j * cell;
      const y = top + i * cell;
      const kinds = kindsOfBits(bits(i, j));
      const tip = `<title>${esc(a)} → ${esc(b)}: ${kinds.length ? kinds.join(' + ') : 'none'}</title>`;
      if (kinds.length === 0) {
        out.push(`<rect class="cell" x="${x}" y="${y}" width="${cell - 1}" height="${cell - 1}" fill="${COLORS.none}">${tip}</rect>`);
        return;
      }
      out.push(`<g class="cell">${tip}<rect x="${x}" y="${y}" width="${cell - 1}" height="${cell - 1}" fill="#fbfcfc" stroke="#d5dbdb"/>`);
      for (const k of kinds) {
        if (k === 'none') continue;
        const [qx, qy] = QUADRANT[k];
        out.push(`<rect x="${x + 0.5 + qx * half}" y="${y + 0.5 + qy * half}" width="${half}" height="${half}" fill="${COLORS[k]}"/>`);
      }
      out.push('</g>');
    });
    flush();
  });
  let lx = 10;
  const ly = top + size + 22;
  for (const c of [...KINDS, 'none'] as Cell[]) {
    if (c === 'none') out.push(`<rect x="${lx}" y="${ly}" width="16" height="16" fill="${COLORS.none}" stroke="#999"/>`);
    else {
      const [qx, qy] = QUADRANT[c];
      out.push(`<rect x="${lx}" y="${ly}" width="16" height="16" fill="#fbfcfc" stroke="#999"/>`);
      out.push(`<rect x="${lx + qx * 8}" y="${ly + qy * 8}" width="8" height="8" fill="${COLORS[c]}"/>`);
    }
    out.push(`<text x="${lx + 20}" y="${ly + 12}">${c}</text>`);
    lx += 34 + c.length * 7;
  }
  out.push(`<text x="10" y="${ly + 36}" fill="#555">A cell shows every kind of path from its row to its column, each in its own corner.</text>`);
  out.push('</svg>');
  flush();
}

/** A DOT graph: one node per namespace, one edge per reachable ordered pair (self loops left out). */
export function renderMatrixDot(m: NamespaceMatrix): string {
  return collectText((sink) => writeMatrixDot(m, sink));
}

export function writeMatrixDot(m: NamespaceMatrix, out: TextSink): void {
  out.write('digraph reach {\n  rankdir=LR;\n  node [shape=box, fontname="sans-serif"];\n');
  const names = m.namespaces;
  const bits = bitsReader(m);
  for (const n of names) out.write(`  "${n}";\n`);
  names.forEach((a, i) => {
    names.forEach((b, j) => {
      const cellBits = bits(i, j);
      if (i === j || cellBits === 0) return;
      const c = kindsOfBits(cellBits)[0];
      const style = c === 'direct' ? '' : ', style=dashed';
      out.write(`  "${a}" -> "${b}" [label="${LABEL_OF_BITS[cellBits]}", color="${COLORS[c]}"${style}];\n`);
    });
  });
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
  // `cells` (the strongest kind per pair) and `kinds` (every kind, strongest first): one source row at a time.
  const writeRows = (key: string, value: (a: string, b: string) => unknown) => {
    if (sorted.length === 0) {
      sink.write(`    ${JSON.stringify(key)}: {},\n`);
      return;
    }
    sink.write(`    ${JSON.stringify(key)}: {\n`);
    sorted.forEach((a, i) => {
      const row = sorted.map((b) => `        ${JSON.stringify(b)}: ${nestedJson(value(a, b), 4)}`).join(',\n');
      sink.write(`      ${JSON.stringify(a)}: {\n${row}\n      }${i < sorted.length - 1 ? ',' : ''}\n`);
    });
    sink.write('    },\n');
  };
  sink.write('  "matrix": {\n');
  writeRows('cells', (a, b) => m.cell(a, b));
  writeRows('kinds', (a, b) => cellKinds(m, a, b));
  sink.write(`    "namespaces": ${nestedJson(m.namespaces, 2)}\n  },\n`);
  const tailEntries = Object.entries(tail);
  tailEntries.forEach(([key, value], i) => sink.write(`  ${JSON.stringify(key)}: ${nestedJson(value, 1)}${i < tailEntries.length - 1 ? ',' : ''}\n`));
  sink.write('}\n');
}
