/**
 * The pull-request comment (`ktm review --format md`): verdict first, one table per model version or one when
 * they agree, one line per group of actors, tenancy lines only when at risk, clause footnotes, details folded.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { listBuiltinModels, loadModel } from '../../src/model/loader.js';
import { renderReviewMarkdown } from '../../src/render/review-md.js';
import { clauseLookup, excerpt } from '../../src/review/citations.js';
import { loadDesign } from '../../src/review/design.js';
import { reviewAgainst } from '../../src/review/review.js';
import type { ReviewResult } from '../../src/review/result.js';
import { REPO_ROOT } from '../helpers/cli.js';

const models = listBuiltinModels().map((m) => loadModel(m.id));
const lookup = clauseLookup(models);
const review = (design: string): ReviewResult => reviewAgainst(models, loadDesign(resolve(REPO_ROOT, 'examples/designs', `${design}.yaml`)));
const md = (design: string) => renderReviewMarkdown(review(design), lookup);

/** The visible part of the comment, without the folded details. */
function visible(text: string): string {
  return text.replace(/<details>[\s\S]*?<\/details>/g, '');
}
/** The bullet lines under a bold section title. */
function bullets(text: string, title: string): string[] {
  const lines = visible(text).split('\n');
  const start = lines.findIndex((l) => l.startsWith(`**${title}**`));
  if (start < 0) return [];
  const out: string[] = [];
  for (const l of lines.slice(start + 1)) {
    if (!l.startsWith('- ')) break;
    out.push(l);
  }
  return out;
}
const tables = (text: string) => visible(text).split('\n').filter((l) => l.startsWith('| Finding |')).length;

describe('review comment: tag-header-based routing', () => {
  const text = md('tag-header-based-routing');
  it('says the verdict in plain words on the first line', () => {
    expect(text.split('\n')[0]).toBe('⚠️ **moderate**: revision behind a cluster-local tag newly reachable without cluster credentials — off by default');
  });
  it('carries the fix that closes the top finding right under the verdict', () => {
    expect(text.split('\n')[2]).toBe('**Fix first:** authenticate callers on `gateway-to-tag-by-header` (once enabled).');
  });
  it('shows one table keyed by finding, with a severity column per model version', () => {
    expect(tables(text)).toBe(1);
    expect(text).toContain('| Finding | `knative-2021` | `knative-2025` | Who | What keeps it safe |');
    expect(text).toMatch(/^\| Revision behind a cluster-local tag .* \| low \(moderate if enabled\) \| low \(moderate if enabled\) \| anyone, including/m);
  });
  it('new means new: tenants already reach the cluster-local revision, so only outsiders gain reach', () => {
    const reach = bullets(text, 'Who can reach more');
    expect(reach).toHaveLength(1);
    expect(reach[0]).toMatch(/^- \*\*Users without permissions and event-source admins\*\* can now reach any tenant's `private-tagged-revision` via `gateway-to-tag-by-header` — off by default\.$/);
  });
  it('puts the tenancy models with the same sentence on one line, and skips those already unsupported', () => {
    const t = bullets(text, 'Tenancy');
    expect(t).toHaveLength(1);
    expect(t[0]).toContain('**Cluster tenancy** (knative-2021, knative-2025); **namespace and control-plane tenancy** (knative-2025)');
    expect(t[0]).toContain('weakened if `tag-header-based-routing` is enabled');
    expect(text).not.toMatch(/adds hardening|adds-hardening|kept-by-default/);
  });
  it('lists the clauses cited with their opening words and source', () => {
    const cited = bullets(text, 'Clauses cited');
    expect(cited).toHaveLength(2);
    expect(cited[0]).toMatch(/^- `priority\.unprivileged-most-significant` — \[knative-2021\]\(https:\/\/github\.com\/knative\/community\/.*\), \*[^*]+\*: “The most significant exploits/);
    for (const line of cited) {
      const quote = line.match(/“(.*)”/)![1];
      expect(quote.replace(/ …$/, '').split(/\s+/).length).toBeLessThanOrEqual(15);
    }
  });
  it('keeps STRIDE and paths in a collapsed section', () => {
    const folded = text.match(/<details>[\s\S]*<\/details>/)![0];
    expect(folded).toContain('| `gateway-to-tag-by-header` | S T R I |');
    expect(folded).toContain('Path: `internet-to-gateway: internet-client@- -> ingress-gateway@-`');
    expect(visible(text)).not.toMatch(/spoofing|Path:/);
    // Reason and path are the same under both versions: said once.
    expect(folded.split('\n').filter((l) => l.startsWith('- `unprivileged-reach:private-tagged-revision`'))).toHaveLength(1);
    expect(folded).toContain('Clauses: knative-2021 `priority.unprivileged-most-significant`, `priority.confidentiality-integrity-first`; knative-2025 `tenancy.namespace-isolation`.');
  });
});

describe('review comment: other examples', () => {
  it('hostNetwork: one table with the severities side by side, one reach line, tenancy only where supported', () => {
    const text = md('podspec-hostnetwork');
    expect(text.split('\n')[0]).toMatch(/^⚠️ \*\*high under `knative-2025`, moderate under `knative-2021`\*\*: .* — off by default \(\+2 more\)$/);
    expect(tables(text)).toBe(1);
    expect(text).toMatch(/^\| Queue-proxy of other tenants .* \| low \(moderate if enabled\) \| low \(high if enabled\) \|/m);
    expect(bullets(text, 'Who can reach more')).toHaveLength(1);
    const t = bullets(text, 'Tenancy');
    expect(t).toEqual([
      '- **Namespace and control-plane tenancy** (knative-2025): blocked if `kubernetes.podspec-hostnetwork` is enabled; to keep it then, keep tenant pods off the node network (Pod Security baseline forbids hostNetwork) or give tenants their own nodes.',
    ]);
  });
  it('DomainMapping: open findings are bold, and an unsupported tenancy model only gets a line for an open finding', () => {
    const text = md('domain-mapping-autocreate');
    expect(text.split('\n')[0]).toMatch(/^🛑 \*\*high under `knative-2025`, moderate under `knative-2021`\*\*: ingress gateway can route requests meant for another tenant/);
    expect(text).toMatch(/\| \*\*high\*\* \| .* \| Nothing yet: make domainmappings need a grant that edit and admin do not hold \|/);
    const t = bullets(text, 'Tenancy');
    expect(t).toHaveLength(2);
    expect(t[0]).toMatch(/^- \*\*Namespace and control-plane tenancy\*\* \(knative-2021\): stays unsupported; to run it anyway, also /);
    expect(t[1]).toMatch(/^- \*\*Namespace tenancy\*\* \(knative-2025\): blocked; to keep it, /);
  });
  it('knsubscribe: mitigated by the design, and every tenancy model keeps its status', () => {
    const text = md('cross-namespace-event-links-knsubscribe');
    expect(text.split('\n')[0]).toMatch(/^✅ \*\*Mitigated by the design\*\*: .*`knsubscribe`/);
    expect(text).toContain('**Tenancy**: every tenancy model keeps its status.');
    expect(text).toMatch(/\| mitigated \(high\) \|/);
  });
  it('a design without impact is exactly one line', () => {
    const text = md('request-log-format');
    expect(text.endsWith('\n')).toBe(true);
    expect(text.trimEnd().split('\n')).toHaveLength(1);
    expect(text).toMatch(/^✅ \*\*No security impact\*\*/);
  });
});

describe('review comment: threats without findings', () => {
  it('says there are no findings and points to the STRIDE details, without an empty table', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ktm-review-md-')), 'benign.yaml');
    writeFileSync(
      file,
      'apiVersion: ktm/v1\nkind: FeatureDesign\nname: Autoscaler pings the activator\nflows:\n' +
        '  - { id: autoscaler-ping, from: autoscaler, to: activator, port: 9090, protocol: HTTP, authenticated: false }\n',
    );
    const text = renderReviewMarkdown(reviewAgainst(models, loadDesign(file)), lookup);
    expect(text.split('\n')[0]).toBe('ℹ️ **No findings**: no actor gains reach that a rule flags; 1 STRIDE threat in the details.');
    expect(tables(text)).toBe(0);
    expect(text).not.toContain('Clauses cited');
    expect(text).toContain('| `autoscaler-ping` | S |');
  });
});

describe('review comment: merging', () => {
  it('actors with different reach get their own lines', () => {
    const r = review('tag-header-based-routing');
    // Give the namespace admin one more reach item than everyone else.
    const admin = r.reviews[0].actors.find((a) => a.actor === 'namespace-admin')!;
    admin.newlyReaches = [...admin.newlyReaches, { component: 'activator', tenant: 'shared', flows: ['x-flow'], atDefault: true }];
    const text = renderReviewMarkdown({ ...r, reviews: [r.reviews[0]] }, lookup);
    const reach = bullets(text, 'Who can reach more');
    expect(reach).toHaveLength(2);
    expect(reach[0]).toMatch(/^- \*\*Users without permissions and event-source admins\*\* can now reach/);
    expect(reach[1]).toMatch(/^- \*\*Namespace admins\*\* can now reach the shared `activator` via `x-flow`\.$/);
  });
  it('reach that differs between model versions is shown per version', () => {
    const r = review('tag-header-based-routing');
    r.reviews[1].actors = r.reviews[1].actors.map((a) => (a.actor === 'none' ? { ...a, newlyReaches: [] } : a));
    const text = renderReviewMarkdown(r, lookup);
    expect(text).toContain('**Who can reach more** under `knative-2021`');
    expect(text).toContain('**Who can reach more** under `knative-2025`');
  });
});

describe('clause excerpts', () => {
  it('cuts a quote after 15 words and marks the cut', () => {
    const words = Array.from({ length: 20 }, (_, i) => `w${i}`).join(' ');
    expect(excerpt(words)).toBe(`${words.split(' ').slice(0, 15).join(' ')} …`);
    expect(excerpt('  short\n  quote. ')).toBe('short quote.');
    expect(excerpt('one, two, three', 2)).toBe('one, two …');
  });
  it('resolves clause ids against the reviewed models only', () => {
    expect(lookup('knative-2025', 'tenancy.namespace-isolation')?.source.url).toMatch(/^https:\/\/knative\.dev\//);
    expect(lookup('knative-2021', 'tenancy.namespace-isolation')).toBeUndefined();
    expect(lookup('nope', 'tenancy.namespace-isolation')).toBeUndefined();
  });
});
