/**
 * Heat maps are readable and agree with `ktm reach --format matrix` (issue 13 part 3): on the example cluster, every
 * tenant pair shows the same path kinds — all of them, not only the strongest — in the text matrix, the audit's JSON,
 * the HTML report's SVG and the workbench's heat map.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { renderMatrixSvg } from '../../src/render/reach-matrix.js';
import { reachabilityGrid } from '../../src/server/heatmap.js';
import type { AuditResult as StoredResult } from '../../src/server/audit-reports.js';
import type { Cell } from '../../src/netpol/index.js';

const EXAMPLE = resolve(REPO_ROOT, 'examples/cluster');

/** `from \ to` table → cell text by from and to. */
function parseMatrixText(text: string): Map<string, string> {
  const [head, ...rows] = text.trimEnd().split('\n');
  const columns = head.split(/\s{2,}/).slice(1);
  const out = new Map<string, string>();
  for (const row of rows) {
    const [from, ...cells] = row.split(/\s{2,}/);
    cells.forEach((c, j) => out.set(`${from} ${columns[j]}`, c));
  }
  return out;
}

/** SVG cell tooltips `a → b: k1 + k2` → kinds by from and to. */
function parseSvgTitles(svg: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of svg.matchAll(/<title>([^<→]+) → ([^<:]+): ([^<]+)<\/title>/g)) out.set(`${m[1]} ${m[2]}`, m[3] === 'none' ? [] : m[3].split(' + '));
  return out;
}

describe('reachability heat maps agree with ktm reach --format matrix', async () => {
  const matrix = parseMatrixText((await runCli(['reach', EXAMPLE, '--format', 'matrix'])).stdout);
  const json = JSON.parse((await runCli(['audit', EXAMPLE, '--format', 'json'])).stdout);
  const html = (await runCli(['audit', EXAMPLE, '--format', 'html'])).stdout;
  const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>'));
  const tenants: string[] = json.reachability.namespaces;
  const grid = reachabilityGrid(json as StoredResult)!;

  it('cell by cell, with every path kind', () => {
    expect(tenants).toEqual(['analytics', 'blog', 'shop']);
    const titles = parseSvgTitles(svg);
    let multi = 0;
    for (const a of tenants) {
      for (const b of tenants) {
        if (a === b) continue;
        const text = matrix.get(`${a} ${b}`);
        expect(text, `${a} → ${b}`).toBeDefined();
        const kinds: string[] = text === '-' ? [] : text!.split('+');
        expect(json.reachability.kinds[a][b], `json ${a} → ${b}`).toEqual(kinds);
        expect(json.reachability.cells[a][b], `strongest ${a} → ${b}`).toBe(kinds[0] ?? 'none');
        expect(titles.get(`${a} ${b}`), `svg ${a} → ${b}`).toEqual(kinds);
        expect(grid.text![grid.rows.indexOf(a)][grid.columns.indexOf(b)], `workbench ${a} → ${b}`).toBe(kinds.length ? kinds.join(' + ') : 'none');
        if (kinds.length > 1) multi++;
      }
    }
    // The example has cells with more than one kind: the comparison above covers "not only the strongest".
    expect(multi).toBeGreaterThan(0);
    // blog reaches analytics through the activator, the gateway and the broker (the audit's KTM-NET-003 says so too).
    expect(json.reachability.kinds.blog.analytics).toEqual(['via-activator', 'via-gateway', 'via-broker']);
  });

  it('captions both axes and has a legend entry for none', () => {
    expect(svg).toContain('from (source namespace)');
    expect(svg).toContain('to (destination namespace)');
    for (const k of ['direct', 'via-activator', 'via-gateway', 'via-broker', 'none']) expect(svg).toMatch(new RegExp(`<text[^>]*>${k}</text>`));
  });

  it('draws every kind of a cell in its own corner', () => {
    const only = (kinds: Cell[]) => renderMatrixSvg({ namespaces: ['a', 'b'], cell: () => kinds[0] ?? 'none', kinds: (x, y) => (x === 'a' && y === 'b' ? kinds : []) });
    const fills = (svg_: string) => {
      const g = /<g class="cell"><title>a → b[^]*?<\/g>/.exec(svg_)?.[0] ?? '';
      return [...g.matchAll(/fill="(#[0-9a-f]{6})"/g)].map((m) => m[1]).slice(1);
    };
    expect(fills(only(['direct']))).toEqual(['#c0392b']);
    expect(fills(only(['direct', 'via-gateway', 'via-broker']))).toEqual(['#c0392b', '#f1c40f', '#8e44ad']);
  });

  it('is large enough to read at 50 namespaces', () => {
    const names = Array.from({ length: 50 }, (_, i) => `tenant-${String(i).padStart(2, '0')}`);
    const out = renderMatrixSvg({ namespaces: names, cell: () => 'none' });
    expect(out).toMatch(/font-size="1[2-9]"/);
    const cells = [...out.matchAll(/<rect class="cell" x="\d+" y="\d+" width="(\d+)"/g)].map((m) => Number(m[1]));
    expect(cells.length).toBe(50 * 50);
    for (const w of cells) expect(w).toBeGreaterThanOrEqual(20);
    for (const n of names) expect(out.split(`>${n}</text>`).length - 1).toBe(2);
  });
});
