/**
 * The component and flow ids a FeatureDesign can refer to, for docs/review.md: every built-in model's, plus the
 * node components every review knows. docs/review.md carries this text between markers; a test regenerates it
 * and fails when the models and the page disagree.
 */
import type { ThreatModel } from '../model/schema.js';
import { BUILTIN_COMPONENTS } from './builtins.js';

export const IDS_START = '<!-- model-ids:start (generated from models/*.yaml by test/review/docs.test.ts) -->';
export const IDS_END = '<!-- model-ids:end -->';

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** Which model versions carry an entry: "both" when every one does. */
function where(models: ThreatModel[], has: (m: ThreatModel) => boolean): string {
  const ids = models.filter(has).map((m) => m.metadata.id);
  return ids.length === models.length ? 'all' : ids.join(', ');
}

export function renderModelIds(models: ThreatModel[]): string {
  const components = new Map<string, ThreatModel['components'][number]>();
  const flows = new Map<string, ThreatModel['dataFlows'][number]>();
  for (const m of models) {
    for (const c of m.components) if (!components.has(c.id)) components.set(c.id, c);
    for (const f of m.dataFlows) if (!flows.has(f.id)) flows.set(f.id, f);
  }
  const out = [
    IDS_START,
    '',
    `**Components** (models: ${models.map((m) => `\`${m.metadata.id}\``).join(', ')}; \`<tenant>\` = one per tenant namespace)`,
    '',
    '| id | name | kind | namespace | shared | models |',
    '|---|---|---|---|---|---|',
    ...[...components.values()].map(
      (c) =>
        `| \`${c.id}\` | ${cell(c.name)} | ${c.kind} | ${c.namespace ?? '—'} | ${c.shared ? 'yes' : 'no'}${c.forwardsForCaller ? ', forwards' : ''} | ${where(models, (m) => m.components.some((x) => x.id === c.id))} |`,
    ),
    ...BUILTIN_COMPONENTS.map((c) => `| \`${c.id}\` | ${cell(c.name)} | ${c.kind} | node | yes | built in |`),
    '',
    '**Flows**',
    '',
    '| id | from → to | port | protocol | authenticated | destination chosen by | models |',
    '|---|---|---|---|---|---|---|',
    ...[...flows.values()].map(
      (f) =>
        `| \`${f.id}\` | \`${f.from}\` → \`${f.to}\` | ${f.port ?? '—'} | ${cell(f.protocol)} | ${f.authenticated ? 'yes' : 'no'} | ${f.destinationChosenBy} | ${where(models, (m) => m.dataFlows.some((x) => x.id === f.id))} |`,
    ),
    '',
    IDS_END,
  ];
  return out.join('\n');
}

/** Replaces the generated block of a page (or appends it when the page has none). */
export function withModelIds(page: string, block: string): string {
  const start = page.indexOf(IDS_START);
  const end = page.indexOf(IDS_END);
  if (start < 0 || end < 0) return `${page.trimEnd()}\n\n${block}\n`;
  return page.slice(0, start) + block + page.slice(end + IDS_END.length);
}
