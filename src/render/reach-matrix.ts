/**
 * Renderers for the namespace reachability matrix: a text table, a DOT graph, and an SVG heat map that
 * stays readable for 50 namespaces (captioned axes, row labels left, column labels rotated, every path kind of a cell
 * in its own corner, a legend including none, cell tooltips),
 * and the `ktm reach --format json` document (connections, hub paths, matrix, facts).
 */
import { stableStringify } from '../model/stable-json.js';
import { sortConnections, workloadName, type Connection } from '../netpol/connections.js';
import { cellKinds, type Cell, type NamespaceMatrix, type ReachFact, type ReachPath } from '../netpol/index.js';

/** Every kind of a cell in one word (`direct+via-gateway`), `-` for none: what the text matrix and tooltips show. */
export function cellLabel(m: NamespaceMatrix, from: string, to: string): string {
  const kinds = cellKinds(m, from, to);
  return kinds.length ? kinds.join('+') : '-';
}

/** Rows are sources, columns destinations; a cell lists every kind of path (`direct+via-activator`), `-` = none. */
export function renderMatrixText(m: NamespaceMatrix): string {
  const names = m.namespaces;
  if (names.length === 0) return 'no namespaces\n';
  const labels = names.map((a) => names.map((b) => cellLabel(m, a, b)));
  const width = maxLength(names, 'from \\ to'.length);
  const colW = names.map((n, j) => {
    let w = Math.max(n.length, 13);
    for (const row of labels) w = Math.max(w, row[j].length);
    return w;
  });
  const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - s.length));
  const lines = [[pad('from \\ to', width), ...names.map((n, i) => pad(n, colW[i]))].join('  ').trimEnd()];
  names.forEach((a, i) => lines.push([pad(a, width), ...labels[i].map((l, j) => pad(l, colW[j]))].join('  ').trimEnd()));
  return `${lines.join('\n')}\n`;
}

const COLORS: Record<Cell, string> = {
  direct: '#c0392b',
  'via-activator': '#e67e22',
  'via-gateway': '#f1c40f',
  'via-broker': '#8e44ad',
  none: '#eef2f3',
};
/** Each path kind has its own corner of a cell, so a cell shows every kind it has, also without colour. */
const QUADRANT: Record<Exclude<Cell, 'none'>, [number, number]> = {
  direct: [0, 0],
  'via-activator': [1, 0],
  'via-gateway': [0, 1],
  'via-broker': [1, 1],
};
const KINDS = Object.keys(QUADRANT) as Exclude<Cell, 'none'>[];

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function maxLength(names: string[], atLeast: number): number {
  let w = atLeast;
  for (const n of names) w = Math.max(w, n.length);
  return w;
}

/**
 * The matrix as an SVG heat map: rows = from, columns = to (both axes captioned), each cell split in four corners,
 * one per path kind (direct top left, activator top right, gateway bottom left, broker bottom right), a grey cell for
 * none, a legend with every kind and none, and a tooltip per cell. Cells are 24 px (12 px beyond 60 namespaces).
 */
export function renderMatrixSvg(m: NamespaceMatrix): string {
  const names = m.namespaces;
  const cell = names.length > 60 ? 12 : 24;
  const half = (cell - 2) / 2;
  const labelW = Math.min(260, 12 + 7 * maxLength(names, 4));
  const left = Math.max(labelW, 190);
  const top = 22 + labelW;
  const size = names.length * cell;
  const legendH = 60;
  // Column labels are rotated -60°: the last one reaches cos(60°) of its length past the grid.
  const w = Math.max(left + size + Math.ceil(0.5 * (labelW - 10)) + 20, 560);
  const h = top + size + legendH;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif" font-size="12">`,
    `<title>Namespace reachability (rows: from, columns: to)</title>`,
    `<rect width="${w}" height="${h}" fill="#ffffff"/>`,
    `<text class="axis" x="${left}" y="14" font-weight="bold">to (destination namespace) →</text>`,
    `<text class="axis" x="${left - 4}" y="${top - 6}" text-anchor="end" font-weight="bold">from (source namespace) ↓</text>`,
  ];
  names.forEach((n, i) => {
    const y = top + i * cell + cell * 0.65;
    out.push(`<text x="${left - 4}" y="${y.toFixed(1)}" text-anchor="end">${esc(n)}</text>`);
    const x = left + i * cell + cell * 0.65;
    out.push(`<text transform="translate(${x.toFixed(1)},${top - 4}) rotate(-60)" text-anchor="start">${esc(n)}</text>`);
  });
  names.forEach((a, i) => {
    names.forEach((b, j) => {
      const x = left + j * cell;
      const y = top + i * cell;
      const kinds = cellKinds(m, a, b);
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
  return `${out.join('\n')}\n`;
}

/** A DOT graph: one node per namespace, one edge per reachable ordered pair (self loops left out). */
export function renderMatrixDot(m: NamespaceMatrix): string {
  const out = ['digraph reach {', '  rankdir=LR;', '  node [shape=box, fontname="sans-serif"];'];
  for (const n of m.namespaces) out.push(`  "${n}";`);
  for (const a of m.namespaces) {
    for (const b of m.namespaces) {
      if (a === b) continue;
      const c = m.cell(a, b);
      if (c === 'none') continue;
      const style = c === 'direct' ? '' : ', style=dashed';
      out.push(`  "${a}" -> "${b}" [label="${cellLabel(m, a, b)}", color="${COLORS[c]}"${style}];`);
    }
  }
  out.push('}');
  return `${out.join('\n')}\n`;
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

export function renderReachJson(parts: {
  connections: Connection[];
  paths: ReachPath[];
  matrix: NamespaceMatrix;
  facts: ReachFact[];
  warnings: string[];
  knativeHops: boolean;
}): string {
  const m = parts.matrix;
  const cells: Record<string, Record<string, string>> = {};
  const kinds: Record<string, Record<string, string[]>> = {};
  for (const a of m.namespaces) {
    cells[a] = {};
    kinds[a] = {};
    for (const b of m.namespaces) {
      cells[a][b] = m.cell(a, b);
      kinds[a][b] = cellKinds(m, a, b);
    }
  }
  const doc = {
    knativeHops: parts.knativeHops,
    connections: sortConnections(parts.connections).map((c) => ({
      src: c.srcName,
      dst: c.dstName,
      conn: c.conns.toString(),
      ports: c.conns.toJSON(),
    })),
    paths: parts.paths
      .filter((p) => p.kind !== 'direct')
      .map(pathJson)
      .sort((a, b) => byStr(a.from, b.from) || byStr(a.to, b.to) || byStr(a.kind, b.kind) || byStr(JSON.stringify(a.hops), JSON.stringify(b.hops))),
    matrix: { namespaces: m.namespaces, cells, kinds },
    facts: parts.facts
      .map((f) => ({ kind: f.kind, from: workloadName(f.from), to: workloadName(f.to), conn: f.conns.toString() }))
      .sort((a, b) => byStr(a.kind, b.kind) || byStr(a.from, b.from) || byStr(a.to, b.to)),
    warnings: [...parts.warnings].sort(byStr),
  };
  return `${stableStringify(doc, 2)}\n`;
}

