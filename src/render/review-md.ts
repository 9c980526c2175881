/**
 * `ktm review --format md`: a pull-request comment a contributor can read in one go.
 *
 *   1. the verdict in plain words, on the first line;
 *   2. one short findings table per model version, or one table when the versions agree;
 *   3. one line per group of actors whose reach changed;
 *   4. one line per tenancy model whose status changes or is at risk;
 *   5. the clauses cited, with their first words;
 *   6. reasons, paths, crossings and STRIDE folded away in <details>.
 *
 * A design without security impact is one line. Everything here is formatting: the engine decided the
 * findings, their status, the mitigations and the tenancy impact.
 */
import type { ClauseLookup } from '../review/citations.js';
import type { ReviewActor } from '../review/design.js';
import { severityRank, type ActorDelta, type Finding, type ModelReview, type ReachItem, type ReviewResult, type Severity, type TenancyImpact } from '../review/result.js';

const STRIDE_LETTER: Record<string, string> = {
  spoofing: 'S',
  tampering: 'T',
  repudiation: 'R',
  'information-disclosure': 'I',
  'denial-of-service': 'D',
  'elevation-of-privilege': 'E',
};

const ACTOR_ORDER: ReviewActor[] = ['none', 'event-source-admin', 'workload', 'namespace-admin'];
const ACTOR_PLURAL: Record<ReviewActor, string> = {
  none: 'users without permissions',
  'event-source-admin': 'event-source admins',
  workload: 'workload deployers',
  'namespace-admin': 'namespace admins',
};

const TENANCY_WORD: Record<string, string> = { cluster: 'cluster', namespace: 'namespace', 'control-plane': 'control-plane' };

const ICON: Record<Severity, string> = { critical: '🛑', high: '🛑', moderate: '⚠️', low: 'ℹ️', none: '✅' };

/** Markdown table cells may not contain pipes or newlines. */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}
const code = (s: string) => `\`${s}\``;
const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** Lower-cases a title's first letter inside a sentence, unless it starts an acronym or a CamelCase name. */
const lowerFirst = (s: string) => (/^[A-Z][A-Z]/.test(s) || /^[A-Z][a-z]+[A-Z]/.test(s) ? s : s.charAt(0).toLowerCase() + s.slice(1));
/** "a", "a and b", "a, b and c". */
function andList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
function uniq<T>(list: T[]): T[] {
  return [...new Set(list)];
}

export function hasImpact(r: ModelReview): boolean {
  return (
    r.findings.length > 0 ||
    r.crossings.length > 0 ||
    r.sharedComponents.length > 0 ||
    r.threats.length > 0 ||
    r.actors.some((a) => a.newlyReaches.length + a.newlyReceives.length > 0)
  );
}

export function renderReviewMarkdown(result: ReviewResult, clause: ClauseLookup): string {
  const models = andList(result.reviews.map((r) => code(r.model.id)));
  if (!result.reviews.some(hasImpact)) {
    return `✅ **No security impact**: ${result.design.name} adds no reach, trust-boundary crossing, shared component or threat under ${models}.\n`;
  }
  const out: string[] = [verdictLine(result)];
  if (result.reviews.some((r) => r.findings.length > 0)) out.push('', ...findingTable(result.reviews));
  out.push(...section('Who can reach more', result.reviews, reachLines));
  out.push('', ...tenancyLines(result.reviews));
  for (const n of uniq(result.reviews.flatMap((r) => r.notes))) out.push('', `> **Note:** ${n}`);
  const cited = citedClauses(result.reviews, clause);
  if (cited.length) out.push('', ...cited);
  out.push('', ...details(result.reviews));
  out.push('', `<sub>ktm review · ${result.design.name} · ${result.reviews.map((r) => r.model.id).join(', ')}</sub>`);
  return `${out.join('\n')}\n`;
}

// ── 1. verdict ────────────────────────────────────────────────────────────────────────────────────────

/** What a finding amounts to as shipped: its severity, or its severity once enabled when a flag keeps it off. */
function shownSeverity(f: Finding): Severity {
  return f.status === 'mitigated-by-default' ? f.baseSeverity : f.severity;
}

function verdictLine(result: ReviewResult): string {
  const live = result.reviews.map((r) => ({ r, top: r.findings.find((f) => f.status !== 'mitigated') }));
  const withTop = live.filter((x) => x.top !== undefined) as Array<{ r: ModelReview; top: Finding }>;
  if (withTop.length === 0) {
    const mitigated = result.reviews.flatMap((r) => r.findings)[0];
    if (!mitigated) {
      const r = result.reviews.find(hasImpact)!;
      const counts = [
        [r.threats.reduce((n, t) => n + t.threats.length, 0), 'STRIDE threat'],
        [r.crossings.length, 'new trust-boundary crossing'],
        [r.sharedComponents.length, 'new shared component'],
      ] as const;
      const what = counts.filter(([n]) => n > 0).map(([n, w]) => `${n} ${w}${n === 1 ? '' : 's'}`);
      return `ℹ️ **No findings**: no actor gains reach that a rule flags${what.length ? `; ${andList(what)} in the details` : ''}.`;
    }
    const how = uniq(mitigated.mitigations.filter((m) => m.declared).map((m) => m.detail)).join('; ');
    return `✅ **Mitigated by the design**: ${lowerFirst(mitigated.title)} — ${how}.`;
  }
  // The headline is the top finding of the model where it is most severe (the first such model on a tie).
  const rank = severityRank;
  const lead = [...withTop].sort((a, b) => rank(shownSeverity(b.top)) - rank(shownSeverity(a.top)))[0];
  const bySeverity = new Map<Severity, string[]>();
  for (const x of withTop) bySeverity.set(shownSeverity(x.top), [...(bySeverity.get(shownSeverity(x.top)) ?? []), x.r.model.id]);
  const severities = [...bySeverity.keys()].sort((a, b) => rank(b) - rank(a));
  const sev =
    severities.length === 1
      ? severities[0]
      : severities.map((s) => `${s} under ${andList(bySeverity.get(s)!.map(code))}`).join(', ');
  const offByDefault = withTop.every((x) => x.top.status === 'mitigated-by-default');
  const others = uniq(result.reviews.flatMap((r) => r.findings.filter((f) => f.status !== 'mitigated').map((f) => f.id))).length - 1;
  const fix = firstFix(lead.top);
  return (
    `${offByDefault ? (rank(severities[0]) >= rank('moderate') ? '⚠️' : 'ℹ️') : ICON[severities[0]]} **${sev}**: ${lowerFirst(lead.top.title)}` +
    `${offByDefault ? ' — off by default' : ''}${others > 0 ? ` (+${others} more)` : ''}` +
    (fix ? `\n\n**Fix first:** ${fix}${offByDefault ? ' (once enabled)' : ''}.` : '')
  );
}

/** The step that closes a finding: the first mitigation ktm suggests (rules order them, the closing one first). */
function firstFix(f: Finding): string | undefined {
  const next = f.mitigations.find((m) => !m.declared);
  return next ? next.detail || lowerFirst(next.title) : undefined;
}

// ── 2. findings ───────────────────────────────────────────────────────────────────────────────────────

function severityCell(f: Finding): string {
  if (f.status === 'open') return `**${f.severity}**`;
  if (f.status === 'mitigated-by-default') return `${f.severity} (${f.baseSeverity} if enabled)`;
  return `mitigated (${f.baseSeverity})`;
}

/**
 * The actor classes are cumulative (each can do what the weaker ones can), so the weakest one that gets a
 * finding says who: "anyone, including users without permissions", "workload deployers and namespace admins".
 */
function who(actors: ReviewActor[]): string {
  const weakest = ACTOR_ORDER.find((a) => actors.includes(a));
  if (weakest === undefined) return 'its own service account';
  if (weakest === 'none') return 'anyone, including users without permissions';
  return andList(ACTOR_ORDER.slice(ACTOR_ORDER.indexOf(weakest)).map((a) => ACTOR_PLURAL[a]));
}

/** Exactly these actor classes (a reach line's group, whose stronger classes may have a line of their own). */
function exactly(actors: ReviewActor[]): string {
  if (ACTOR_ORDER.every((a) => actors.includes(a))) return 'anyone, including users without permissions';
  return andList(ACTOR_ORDER.filter((a) => actors.includes(a)).map((a) => ACTOR_PLURAL[a]));
}

/** One sentence: what the design ships that keeps it safe, and the first step still needed. */
function safeguard(f: Finding): string {
  const declared = uniq(f.mitigations.filter((m) => m.declared).map((m) => m.detail));
  const next = f.mitigations.find((m) => !m.declared);
  const step = next ? next.detail || lowerFirst(next.title) : undefined;
  if (f.status === 'mitigated') return upperFirst(declared.join('; '));
  if (f.status === 'mitigated-by-default') return upperFirst(`${declared.join('; ')}${step ? `; if enabled, ${step}` : ''}`);
  return declared.length > 0 ? upperFirst(`${declared.join('; ')}; still needed: ${step ?? 'more'}`) : `Nothing yet: ${step ?? 'no mitigation known'}`;
}

/**
 * One table keyed by finding, a severity column per model version, so a reader sees at once where the
 * versions differ. Who and the fix come from the most severe version of the finding.
 */
function findingTable(reviews: ModelReview[]): string[] {
  const ids = uniq(reviews.flatMap((r) => r.findings.map((f) => f.id)));
  const multi = reviews.length > 1;
  const header = multi
    ? `| Finding | ${reviews.map((r) => code(r.model.id)).join(' | ')} | Who | What keeps it safe |`
    : '| Finding | Severity | Who | What keeps it safe |';
  const rows = ids.map((id) => {
    const per = reviews.map((r) => r.findings.find((f) => f.id === id));
    const lead = per.filter((f): f is Finding => f !== undefined).sort((a, b) => severityRank(b.baseSeverity) - severityRank(a.baseSeverity))[0];
    const cells = per.map((f) => (f ? severityCell(f) : '—'));
    return `| ${cell(lead.title)} | ${cells.join(' | ')} | ${who(lead.actors)} | ${cell(safeguard(lead))} |`;
  });
  return ['**Findings**', '', header, `|---|${reviews.map(() => '---|').join('')}---|---|`, ...rows];
}

// ── 3. reach per actor ────────────────────────────────────────────────────────────────────────────────

/** A section whose lines are the same for every model is printed once; otherwise once per model. */
function section(title: string, reviews: ModelReview[], lines: (r: ModelReview) => string[]): string[] {
  const per = reviews.map(lines);
  if (per.every((l) => l.length === 0)) return [];
  if (per.every((l) => l.join('\n') === per[0].join('\n'))) {
    return ['', `**${title}**${reviews.length > 1 ? ` — same under ${andList(reviews.map((r) => code(r.model.id)))}` : ''}`, ...per[0]];
  }
  return reviews.flatMap((r, i) => (per[i].length ? ['', `**${title}** under ${code(r.model.id)}`, ...per[i]] : []));
}

function reachKey(a: ActorDelta): string {
  return JSON.stringify([a.newlyReaches, a.newlyReceives]);
}

function reachLines(r: ModelReview): string[] {
  const groups = new Map<string, ActorDelta[]>();
  for (const a of r.actors) {
    if (a.newlyReaches.length + a.newlyReceives.length === 0) continue;
    groups.set(reachKey(a), [...(groups.get(reachKey(a)) ?? []), a]);
  }
  return [...groups.values()].map((group) => {
    const actors = group.map((a) => a.actor);
    // Outsiders have no namespace of their own: for them, a per-tenant target is any tenant's.
    const tenantless = actors.some((a) => a === 'none' || a === 'event-source-admin');
    const { newlyReaches: reaches, newlyReceives: receives } = group[0];
    const all = [...reaches, ...receives];
    const allOff = all.every((i) => !i.atDefault);
    const mark = (i: ReachItem) => (allOff || i.atDefault ? '' : ' (off by default)');
    const owner = (i: ReachItem) =>
      i.tenant === 'other' ? (tenantless ? "any tenant's " : "other tenants' ") : i.tenant === 'shared' ? 'the shared ' : i.tenant === 'outside' ? 'off-cluster ' : '';
    const parts: string[] = [];
    if (reaches.length) parts.push(`can now reach ${andList(reaches.map((i) => `${owner(i)}${code(i.component)} via ${i.flows.map(code).join(', ')}${mark(i)}`))}`);
    if (receives.length) parts.push(`can now receive other tenants' traffic from ${andList(receives.map((i) => `${code(i.component)} via ${i.flows.map(code).join(', ')}${mark(i)}`))}`);
    return `- **${upperFirst(exactly(actors))}** ${parts.join('; and ')}${allOff ? ' — off by default' : ''}.`;
  });
}

// ── 4. tenancy ────────────────────────────────────────────────────────────────────────────────────────

/** Status changes (blocked or weakened), at risk once a flag is on, or more hardening for a model already unsupported. */
function worthALine(t: TenancyImpact): boolean {
  return t.impact === 'blocked' || t.impact === 'weakened' || t.impact === 'adds-hardening' || (t.impact === 'kept-by-default' && t.before !== 'unsupported');
}

function tenancyLines(reviews: ModelReview[]): string[] {
  // Same sentence for several tenancy models or versions: one line.
  const bySummary = new Map<string, Array<{ tenancy: string; model: string }>>();
  for (const r of reviews) {
    for (const t of r.tenancy.filter(worthALine)) {
      bySummary.set(t.summary, [...(bySummary.get(t.summary) ?? []), { tenancy: t.tenancy, model: r.model.id }]);
    }
  }
  if (bySummary.size === 0) return ['**Tenancy**: every tenancy model keeps its status.'];
  const lines = [...bySummary].map(([summary, entries]) => {
    const tenancies = uniq(entries.map((e) => e.tenancy));
    const modelsOf = (t: string) => entries.filter((e) => e.tenancy === t).map((e) => e.model);
    // Tenancy models that hold for the same model versions share a label: "namespace and control-plane tenancy (knative-2025)".
    const byModels = new Map<string, string[]>();
    for (const t of tenancies) byModels.set(modelsOf(t).join(', '), [...(byModels.get(modelsOf(t).join(', ')) ?? []), t]);
    const labels = [...byModels].map(
      ([models, ts], i) =>
        `**${(i === 0 ? upperFirst : (s: string) => s)(`${andList(ts.map((t) => TENANCY_WORD[t] ?? t))} tenancy`)}**${reviews.length > 1 ? ` (${models})` : ''}`,
    );
    return `- ${labels.join('; ')}: ${summary}.`;
  });
  return ['**Tenancy**', ...lines];
}

// ── 5. clauses cited ──────────────────────────────────────────────────────────────────────────────────

function citedClauses(reviews: ModelReview[], clause: ClauseLookup): string[] {
  const cited = uniq(reviews.flatMap((r) => r.findings.flatMap((f) => (f.clauses[0]?.id ? [`${r.model.id}\u0000${f.clauses[0].id}`] : []))));
  if (cited.length === 0) {
    return reviews.some((r) => r.findings.length > 0) ? ['**Clauses cited**: none (the model has no clause for these rules).'] : [];
  }
  const lines = cited.map((key) => {
    const [model, id] = key.split('\u0000');
    const c = clause(model, id);
    if (!c) return `- ${code(id)} (${model})`;
    const doc = c.source.url ? `[${model}](${c.source.url})` : model;
    return `- ${code(id)} — ${doc}, *${c.section}*: “${c.excerpt}”`;
  });
  return ['**Clauses cited**', ...lines];
}

// ── 6. details ────────────────────────────────────────────────────────────────────────────────────────

/**
 * Items the same for every model once, then the others labelled with their model; `lead` starts each line
 * ("- " for a list, "| " for a table row).
 */
function merged(reviews: ModelReview[], lead: string, items: (r: ModelReview) => string[]): string[] {
  const per = reviews.map(items);
  const common = per[0].filter((l) => per.every((p) => p.includes(l)));
  return [
    ...common.map((l) => `${lead}${l}`),
    ...reviews.flatMap((r, i) => per[i].filter((l) => !common.includes(l)).map((l) => `${lead}(${r.model.id}) ${l}`)),
  ];
}

/**
 * Reason, path and clauses per finding. Reason and path come from the graph, so the model versions usually
 * agree on them: one line per finding then, with the clauses of each version.
 */
function whyLines(reviews: ModelReview[]): string[] {
  const ids = uniq(reviews.flatMap((r) => r.findings.map((f) => f.id)));
  return ids.flatMap((id) => {
    const per = reviews.flatMap((r) => r.findings.filter((f) => f.id === id).map((f) => ({ model: r.model.id, f })));
    const text = (f: Finding) => {
      const path = f.path.length ? ` Path: ${f.path.map(code).join(' → ')}.` : '';
      const more = f.mitigations.filter((m) => !m.declared).map((m) => m.detail || lowerFirst(m.title));
      const goals = f.goals.length ? ` Attack goal: ${f.goals.map((g) => `*${g.title}*`).join(', ')}.` : '';
      return `(${f.stride.map((s) => STRIDE_LETTER[s]).join('')}): ${f.reason}${goals}${path}${more.length > 1 ? ` Other ways to keep it safe: ${more.slice(1).join('; ')}.` : ''}`;
    };
    const clauses = (f: Finding) => f.clauses.map((c) => code(c.id!)).join(', ') || 'none';
    if (per.every((x) => text(x.f) === text(per[0].f))) {
      const sameClauses = per.every((x) => clauses(x.f) === clauses(per[0].f));
      const cited = sameClauses || per.length === 1 ? clauses(per[0].f) : per.map((x) => `${x.model} ${clauses(x.f)}`).join('; ');
      return [`- ${code(id)} ${text(per[0].f)} Clauses: ${cited}.`];
    }
    return per.map((x) => `- (${x.model}) ${code(id)} ${text(x.f)} Clauses: ${clauses(x.f)}.`);
  });
}

function details(reviews: ModelReview[]): string[] {
  const out: string[] = ['<details><summary>Why: paths, crossings and STRIDE per new flow</summary>'];

  const why = whyLines(reviews);
  if (why.length) out.push('', '**Findings**', ...why);

  const crossings = merged(reviews, '- ', (r) => [
    ...r.crossings.map((c) => {
      const props = [c.authenticated ? 'authenticated' : 'unauthenticated', c.encrypted ? 'TLS' : 'no TLS', ...(c.crossTenant ? ['crosses tenants'] : [])];
      return `${code(c.flow)}: ${c.from} (${c.fromBoundary}) → ${c.to} (${c.toBoundary}), ${props.join(', ')}.`;
    }),
    ...r.sharedComponents.map(
      (s) =>
        `shared ${code(s.component)} (${s.origin}): caller identity ${s.identitySurvives ? 'survives' : 'does not survive'}` +
        `${s.confusedDeputy ? ' — confused deputy' : ''}${s.reachableFromTenants ? '; reachable from tenant namespaces' : ''}.`,
    ),
  ]);
  if (crossings.length) out.push('', '**New trust-boundary crossings and shared components**', ...crossings);

  // One row per flow: the threats that apply to it and what closes them (reasons are in the JSON output).
  const stride = merged(reviews, '| ', (r) =>
    r.threats.map((ft) => {
      const open = ft.threats.filter((t) => !t.mitigated);
      const letters = ft.threats.map((t) => `${STRIDE_LETTER[t.category]}${t.mitigated ? ' ✅' : ''}`).join(' ');
      return `${code(ft.flow)} | ${letters} | ${cell(uniq(open.map((t) => t.mitigation)).join('; ') || 'mitigated by the design')} |`;
    }),
  );
  if (stride.length) {
    out.push('', '**STRIDE per new flow** (✅ mitigated by the design)', '', '| Flow | Threats | Mitigations |', '|---|---|---|');
    out.push(...stride);
  }
  out.push('', '</details>');
  return out;
}
