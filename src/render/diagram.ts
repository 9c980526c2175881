/**
 * Data-flow diagram of a threat model: components grouped in their trust boundaries, shared components marked,
 * boundary-crossing flows drawn in red and labelled with their port, caller-chosen destinations dashed.
 * For multi-tenant views the per-tenant boundary is drawn twice (tenant-a, tenant-b) so cross-tenant paths show.
 * Output: Graphviz DOT, Mermaid, or SVG rendered offline from the DOT with @viz-js/viz.
 */
import type { Component, DataFlow, TenancyModelId, ThreatModel, TrustBoundary } from '../model/schema.js';

export const DIAGRAM_FORMATS = ['svg', 'dot', 'mermaid'] as const;
export type DiagramFormat = (typeof DIAGRAM_FORMATS)[number];

export interface DiagramOptions {
  tenancy: TenancyModelId;
  format: DiagramFormat;
  /** Parts drawn in a distinct colour (e.g. what a feature review adds). Ids of components and data flows. */
  highlight?: { components?: string[]; flows?: string[] };
}

const COLOURS = {
  crossing: '#c0392b',
  internal: '#7f8c8d',
  highlight: '#1f6feb',
  highlightFill: '#dbe9ff',
  shared: '#fdf2e9',
  perTenant: '#eafaf1',
  node: '#ffffff',
};

/** One drawn node: a component, instantiated once per tenant when it lives in a per-tenant boundary. */
interface NodeInstance {
  key: string;
  component: Component;
  tenant?: string;
  boundaryKey: string;
}

interface EdgeInstance {
  flow: DataFlow;
  from: NodeInstance;
  to: NodeInstance;
  crossing: boolean;
}

/** What is drawn, independent of the output syntax. */
interface Layout {
  title: string;
  tenants: string[];
  boundaries: TrustBoundary[];
  nodes: NodeInstance[];
  edges: EdgeInstance[];
  /** Boundary instance key → label. */
  boundaryLabel: Map<string, string>;
  /** Boundary instance key → child boundary instance keys. */
  children: Map<string, string[]>;
  roots: string[];
  highlight: { components: Set<string>; flows: Set<string> };
}

export async function renderDiagram(model: ThreatModel, opts: DiagramOptions): Promise<string> {
  const layout = buildLayout(model, opts);
  if (opts.format === 'mermaid') return toMermaid(layout);
  const dot = toDot(layout);
  if (opts.format === 'dot') return dot;
  return dotToSvg(dot);
}

/** The tenants drawn for a tenancy model: one for Cluster-as-a-service, two otherwise. */
export function tenantsFor(tenancy: TenancyModelId): string[] {
  return tenancy === 'cluster' ? ['tenant'] : ['tenant-a', 'tenant-b'];
}

function buildLayout(model: ThreatModel, opts: DiagramOptions): Layout {
  const tenants = tenantsFor(opts.tenancy);
  const byId = new Map(model.trustBoundaries.map((b) => [b.id, b]));
  const perTenant = (id: string, seen = new Set<string>()): boolean => {
    const b = byId.get(id);
    if (!b || seen.has(id)) return false;
    seen.add(id);
    return b.perTenant || (b.parent !== undefined && perTenant(b.parent, seen));
  };
  const instanceKey = (boundary: string, tenant?: string) => (tenant ? `${boundary}@${tenant}` : boundary);

  const nodes: NodeInstance[] = [];
  for (const c of model.components) {
    if (perTenant(c.boundary)) {
      for (const t of tenants) nodes.push({ key: `${c.id}@${t}`, component: c, tenant: t, boundaryKey: instanceKey(c.boundary, t) });
    } else {
      nodes.push({ key: c.id, component: c, boundaryKey: c.boundary });
    }
  }

  // Boundary instances that hold something, with their ancestors.
  const boundaryLabel = new Map<string, string>();
  const children = new Map<string, string[]>();
  const roots: string[] = [];
  const addBoundary = (id: string, tenant?: string): string => {
    const b = byId.get(id)!;
    const pt = perTenant(id);
    const key = instanceKey(id, pt ? tenant : undefined);
    if (boundaryLabel.has(key)) return key;
    const label = pt && tenant ? `${b.name}: ${tenant}${opts.tenancy === 'control-plane' ? ' (virtual cluster)' : ''}` : b.name;
    boundaryLabel.set(key, label);
    if (b.parent && byId.has(b.parent)) {
      const parentKey = addBoundary(b.parent, tenant);
      children.set(parentKey, [...(children.get(parentKey) ?? []), key]);
    } else roots.push(key);
    return key;
  };
  for (const n of nodes) addBoundary(n.component.boundary, n.tenant);

  const edges: EdgeInstance[] = [];
  const instancesOf = (id: string) => nodes.filter((n) => n.component.id === id);
  for (const f of model.dataFlows) {
    if (f.tenancy && !f.tenancy.includes(opts.tenancy)) continue;
    for (const from of instancesOf(f.from)) {
      for (const to of instancesOf(f.to)) {
        // Two per-tenant ends belong to the same tenant: a flow inside one tenant is not a cross-tenant flow.
        if (from.tenant && to.tenant && from.tenant !== to.tenant) continue;
        edges.push({ flow: f, from, to, crossing: from.boundaryKey !== to.boundaryKey });
      }
    }
  }
  return {
    title: `${model.metadata.title} (${model.metadata.id}) — ${opts.tenancy} tenancy`,
    tenants,
    boundaries: model.trustBoundaries,
    nodes,
    edges,
    boundaryLabel,
    children,
    roots,
    highlight: {
      components: new Set(opts.highlight?.components ?? []),
      flows: new Set(opts.highlight?.flows ?? []),
    },
  };
}

function nodeLabelLines(n: NodeInstance): string[] {
  const c = n.component;
  const lines = [c.name];
  const notes = [c.shared ? 'shared' : '', c.forwardsForCaller ? 'forwards for caller' : ''].filter(Boolean);
  if (notes.length) lines.push(`(${notes.join(', ')})`);
  return lines;
}

function edgeLabel(e: EdgeInstance): string {
  const parts: string[] = [];
  if (e.flow.port !== undefined) parts.push(String(e.flow.port));
  else if (e.crossing) parts.push(e.flow.protocol);
  if (e.flow.destinationChosenBy === 'caller') parts.push('caller-chosen');
  return parts.join(' ');
}

// ---------- DOT ----------

function q(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function toDot(l: Layout): string {
  const out: string[] = [];
  out.push(`digraph ${q(l.title)} {`);
  out.push(
    `  graph [rankdir=LR, compound=true, fontname="Helvetica", fontsize=12, labelloc=t, label=${q(
      `${l.title}\ndouble border = shared by all tenants; red bold = crosses a trust boundary (label: port); dashed = destination chosen by the caller`,
    )}];`,
  );
  out.push(`  node [shape=box, style="rounded,filled", fillcolor=${q(COLOURS.node)}, fontname="Helvetica", fontsize=10];`);
  out.push(`  edge [fontname="Helvetica", fontsize=9, color=${q(COLOURS.internal)}];`);
  const nodesIn = new Map<string, NodeInstance[]>();
  for (const n of l.nodes) nodesIn.set(n.boundaryKey, [...(nodesIn.get(n.boundaryKey) ?? []), n]);

  const renderBoundary = (key: string, indent: string) => {
    out.push(`${indent}subgraph ${q(`cluster_${key}`)} {`);
    const tenantBox = key.includes('@');
    out.push(
      `${indent}  graph [label=${q(l.boundaryLabel.get(key)!)}, style="rounded${tenantBox ? ',filled' : ''}", color="#555555"${
        tenantBox ? `, fillcolor=${q(COLOURS.perTenant)}` : ''
      }];`,
    );
    for (const n of nodesIn.get(key) ?? []) out.push(`${indent}  ${dotNode(n, l)}`);
    for (const child of l.children.get(key) ?? []) renderBoundary(child, `${indent}  `);
    out.push(`${indent}}`);
  };
  for (const r of l.roots) renderBoundary(r, '  ');

  for (const e of l.edges) {
    const attrs: string[] = [];
    const label = edgeLabel(e);
    if (label) attrs.push(`label=${q(label)}`);
    const hl = l.highlight.flows.has(e.flow.id);
    if (hl) attrs.push(`color=${q(COLOURS.highlight)}`, 'penwidth=3', `fontcolor=${q(COLOURS.highlight)}`);
    else if (e.crossing) attrs.push(`color=${q(COLOURS.crossing)}`, 'penwidth=2', `fontcolor=${q(COLOURS.crossing)}`);
    const styles = [e.flow.destinationChosenBy === 'caller' ? 'dashed' : '', e.crossing ? 'bold' : ''].filter(Boolean);
    if (styles.length) attrs.push(`style=${q(styles.join(','))}`);
    attrs.push(`tooltip=${q(`${e.flow.id}: ${e.flow.description}`)}`);
    out.push(`  ${q(e.from.key)} -> ${q(e.to.key)} [${attrs.join(', ')}];`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}

function dotNode(n: NodeInstance, l: Layout): string {
  const c = n.component;
  const attrs = [`label=${q(nodeLabelLines(n).join('\n'))}`];
  if (c.shared) attrs.push('peripheries=2', `fillcolor=${q(COLOURS.shared)}`);
  if (c.kind === 'external' || c.kind === 'cli') attrs.push('shape=box', 'style="filled"');
  if (l.highlight.components.has(c.id)) attrs.push(`color=${q(COLOURS.highlight)}`, 'penwidth=3', `fillcolor=${q(COLOURS.highlightFill)}`);
  attrs.push(`tooltip=${q(c.description)}`);
  return `${q(n.key)} [${attrs.join(', ')}];`;
}

let vizInstance: Promise<{ renderString(input: string, options?: { format?: string; engine?: string }): string }> | undefined;

async function dotToSvg(dot: string): Promise<string> {
  vizInstance ??= import('@viz-js/viz').then((m) => m.instance());
  const viz = await vizInstance;
  return viz.renderString(dot, { format: 'svg', engine: 'dot' });
}

// ---------- Mermaid ----------

function mid(key: string): string {
  return 'n_' + key.replace(/[^A-Za-z0-9]/g, '_');
}

function mtext(s: string): string {
  return s.replace(/"/g, '#quot;');
}

function toMermaid(l: Layout): string {
  const out: string[] = [];
  out.push('---', `title: ${l.title.replace(/[:#]/g, ' ')}`, '---', 'flowchart LR');
  const nodesIn = new Map<string, NodeInstance[]>();
  for (const n of l.nodes) nodesIn.set(n.boundaryKey, [...(nodesIn.get(n.boundaryKey) ?? []), n]);
  const renderBoundary = (key: string, indent: string) => {
    out.push(`${indent}subgraph ${mid(`b_${key}`)}["${mtext(l.boundaryLabel.get(key)!)}"]`);
    for (const n of nodesIn.get(key) ?? []) {
      const label = mtext(nodeLabelLines(n).join('<br/>'));
      // [[…]] (a double-bordered box) marks components shared by all tenants.
      out.push(`${indent}  ${mid(n.key)}${n.component.shared ? `[["${label}"]]` : `["${label}"]`}`);
    }
    for (const child of l.children.get(key) ?? []) renderBoundary(child, `${indent}  `);
    out.push(`${indent}end`);
  };
  for (const r of l.roots) renderBoundary(r, '  ');

  const linkStyles: string[] = [];
  l.edges.forEach((e, i) => {
    const label = edgeLabel(e);
    const arrow = e.flow.destinationChosenBy === 'caller' ? '-.->' : e.crossing ? '==>' : '-->';
    out.push(`  ${mid(e.from.key)} ${arrow}${label ? `|"${mtext(label)}"|` : ''} ${mid(e.to.key)}`);
    if (l.highlight.flows.has(e.flow.id)) linkStyles.push(`  linkStyle ${i} stroke:${COLOURS.highlight},stroke-width:3px`);
    else if (e.crossing) linkStyles.push(`  linkStyle ${i} stroke:${COLOURS.crossing},stroke-width:2px`);
  });
  out.push(...linkStyles);
  const shared = l.nodes.filter((n) => n.component.shared).map((n) => mid(n.key));
  const hl = l.nodes.filter((n) => l.highlight.components.has(n.component.id)).map((n) => mid(n.key));
  out.push(`  classDef shared fill:${COLOURS.shared},stroke:#555,stroke-width:2px`);
  out.push(`  classDef highlight fill:${COLOURS.highlightFill},stroke:${COLOURS.highlight},stroke-width:3px`);
  if (shared.length) out.push(`  class ${shared.join(',')} shared`);
  if (hl.length) out.push(`  class ${hl.join(',')} highlight`);
  return out.join('\n') + '\n';
}
