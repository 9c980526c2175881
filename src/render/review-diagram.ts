/**
 * `ktm review --diagram FILE.svg`: the data-flow diagram before and after the change, side by side in one SVG,
 * with the new and changed parts highlighted in "after". Both halves come from the model helper's renderDiagram.
 */
import { renderDiagram } from './diagram.js';
import type { TenancyModelId, ThreatModel } from '../model/schema.js';

export interface ReviewDiagramInput {
  before: ThreatModel;
  after: ThreatModel;
  highlight: { components: string[]; flows: string[] };
  tenancy: TenancyModelId;
  title: string;
}

const HEADER = 36;
const GAP = 24;

export async function renderReviewDiagram(input: ReviewDiagramInput): Promise<string> {
  const before = await renderDiagram(input.before, { tenancy: input.tenancy, format: 'svg' });
  const after = await renderDiagram(input.after, { tenancy: input.tenancy, format: 'svg', highlight: input.highlight });
  const a = embed(before, 0, HEADER);
  const b = embed(after, a.width + GAP, HEADER);
  const width = a.width + GAP + b.width;
  const height = HEADER + Math.max(a.height, b.height);
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}pt" height="${height}pt" viewBox="0 0 ${width} ${height}">`,
    `<title>${escapeXml(input.title)}: before and after</title>`,
    `<text x="8" y="24" font-family="sans-serif" font-size="18" font-weight="bold">Before</text>`,
    `<text x="${a.width + GAP + 8}" y="24" font-family="sans-serif" font-size="18" font-weight="bold">After (new and changed parts highlighted)</text>`,
    a.svg,
    b.svg,
    '</svg>',
    '',
  ].join('\n');
}

/** Strips the prolog of a Graphviz SVG and places it at (x, y); returns its size in points. */
function embed(svg: string, x: number, y: number): { svg: string; width: number; height: number } {
  const start = svg.indexOf('<svg');
  if (start < 0) throw new Error('renderDiagram returned no <svg> element');
  const body = svg.slice(start);
  const open = /^<svg\b[^>]*>/.exec(body)![0];
  const width = parseFloat(/\bwidth="([\d.]+)/.exec(open)?.[1] ?? '800');
  const height = parseFloat(/\bheight="([\d.]+)/.exec(open)?.[1] ?? '600');
  const placed = open
    .replace(/\swidth="[^"]*"/, ` width="${width}"`)
    .replace(/\sheight="[^"]*"/, ` height="${height}"`)
    .replace(/^<svg/, `<svg x="${x}" y="${y}"`);
  return { svg: placed + body.slice(open.length), width, height };
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
