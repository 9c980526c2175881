/**
 * Renderers for the namespace reachability matrix: a text table, a DOT graph, and an SVG heat map that
 * stays readable for 50 namespaces (row labels left, column labels rotated, a legend, cell tooltips),
 * and the `ktm reach --format json` document (connections, hub paths, matrix, facts).
 */
import { stableStringify } from '../model/stable-json.js';
import { withEnvelope, type JudgedInput } from './json-envelope.js';
import { sortConnections, workloadName, type Connection } from '../netpol/connections.js';
import type { Cell, NamespaceMatrix, ReachFact, ReachPath } from '../netpol/index.js';

const ABBREV: Record<Cell, string> = {
  direct: 'direct',
  'via-activator': 'via-activator',
  'via-gateway': 'via-gateway',
  'via-broker': 'via-broker',
  none: '-',
};

/** Rows are sources, columns destinations; `-` = none. */
export function renderMatrixText(m: NamespaceMatrix): string {
  const names = m.namespaces;
  if (names.length === 0) return 'no namespaces\n';
  const width = Math.max(...names.map((n) => n.length), 'from \\ to'.length);
  const colW = names.map((n) => Math.max(n.length, 13));
  const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - s.length));
  const lines = [[pad('from \\ to', width), ...names.map((n, i) => pad(n, colW[i]))].join('  ').trimEnd()];
  for (const a of names) {
    lines.push([pad(a, width), ...names.map((b, i) => pad(ABBREV[m.cell(a, b)], colW[i]))].join('  ').trimEnd());
  }
  return `${lines.join('\n')}\n`;
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
  const names = m.namespaces;
  const cell = names.length > 60 ? 10 : 16;
  const labelW = Math.min(260, 10 + 7 * Math.max(4, ...names.map((n) => n.length)));
  const top = labelW;
  const left = labelW;
  const legendH = 28;
  const size = names.length * cell;
  // Column labels are rotated -60°: the last one reaches cos(60°) of its length past the grid.
  const w = left + size + Math.ceil(0.5 * (labelW - 10)) + 20;
  const h = top + size + legendH + 30;
  const out: string[] = [
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
  names.forEach((a, i) => {
    names.forEach((b, j) => {
      const c = m.cell(a, b);
      out.push(
        `<rect x="${left + j * cell}" y="${top + i * cell}" width="${cell - 1}" height="${cell - 1}" fill="${COLORS[c]}"><title>${esc(a)} → ${esc(b)}: ${c}</title></rect>`,
      );
    });
  });
  let lx = 10;
  const ly = top + size + 20;
  for (const c of ['direct', 'via-activator', 'via-gateway', 'via-broker', 'none'] as Cell[]) {
    out.push(`<rect x="${lx}" y="${ly}" width="12" height="12" fill="${COLORS[c]}" stroke="#999"/>`);
    out.push(`<text x="${lx + 16}" y="${ly + 10}">${c}</text>`);
    lx += 30 + c.length * 7;
  }
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
      out.push(`  "${a}" -> "${b}" [label="${c}", color="${COLORS[c]}"${style}];`);
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
  input: JudgedInput;
}): string {
  const m = parts.matrix;
  const cells: Record<string, Record<string, string>> = {};
  for (const a of m.namespaces) {
    cells[a] = {};
    for (const b of m.namespaces) cells[a][b] = m.cell(a, b);
  }
  // A `ReachReport` document: the header, then the body (keys sorted by stableStringify).
  const doc = withEnvelope('ReachReport', parts.input, {
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
    matrix: { namespaces: m.namespaces, cells },
    facts: parts.facts
      .map((f) => ({ kind: f.kind, from: workloadName(f.from), to: workloadName(f.to), conn: f.conns.toString() }))
      .sort((a, b) => byStr(a.kind, b.kind) || byStr(a.from, b.from) || byStr(a.to, b.to)),
    warnings: [...parts.warnings].sort(byStr),
  });
  return `${stableStringify(doc, 2)}\n`;
}

