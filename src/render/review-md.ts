/**
 * `ktm review --format md`: a pull-request comment. Verdict line first, then the findings table, the delta
 * per actor, the tenancy impact and the mitigations; details (reasons, paths, STRIDE per flow) fold away.
 * A design without security impact renders as one line.
 */
import type { Finding, ModelReview, ReviewResult, Severity } from '../review/result.js';

const STRIDE_LETTER: Record<string, string> = {
  spoofing: 'S',
  tampering: 'T',
  repudiation: 'R',
  'information-disclosure': 'I',
  'denial-of-service': 'D',
  'elevation-of-privilege': 'E',
};

const ACTOR_SHORT: Record<string, string> = {
  none: 'no permissions',
  'event-source-admin': 'event-source admin',
  workload: 'workload deployer',
  'namespace-admin': 'namespace admin',
};

const TENANT_WORD: Record<string, string> = { other: 'other tenants', shared: 'shared', outside: 'off-cluster', own: 'own namespace' };

function upper(s: Severity): string {
  return s === 'none' ? 'NONE' : s.toUpperCase();
}

/** Markdown table cells may not contain pipes or newlines. */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
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

export function renderReviewMarkdown(result: ReviewResult): string {
  const models = result.reviews.map((r) => `\`${r.model.id}\``).join(', ');
  if (!result.reviews.some(hasImpact)) {
    return `**ktm review · ${cell(result.design.name)} · no security impact** against ${models}: no new reach, trust-boundary crossings, shared components or threats.\n`;
  }
  const out: string[] = [];
  const counts = result.reviews.map((r) => `${r.model.id}: ${summaryCounts(r)}`).join('; ');
  out.push(`**ktm review · ${cell(result.design.name)} · ${upper(result.verdict)}** — ${counts}`);
  if (result.design.summary) out.push('', `> ${result.design.summary.trim().replace(/\s*\n\s*/g, ' ')}`);
  for (const r of result.reviews) out.push('', ...renderModel(r, result.reviews.length > 1));
  return `${out.join('\n')}\n`;
}

function summaryCounts(r: ModelReview): string {
  if (r.findings.length === 0) return 'no findings';
  const open = r.findings.filter((f) => f.status === 'open');
  const byDefault = r.findings.filter((f) => f.status === 'mitigated-by-default').length;
  const mitigated = r.findings.filter((f) => f.status === 'mitigated').length;
  const parts: string[] = [];
  if (open.length) {
    const bySev = ['critical', 'high', 'moderate', 'low']
      .map((s) => [s, open.filter((f) => f.severity === s).length] as const)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${n} ${s}`);
    parts.push(`${open.length} open (${bySev.join(', ')})`);
  }
  if (byDefault) parts.push(`${byDefault} off by default`);
  if (mitigated) parts.push(`${mitigated} mitigated by the design`);
  return parts.join(', ');
}

function statusText(f: Finding): string {
  if (f.status === 'open') return f.severity;
  if (f.status === 'mitigated-by-default') return `${f.severity} (${f.baseSeverity} when enabled)`;
  return `mitigated (${f.baseSeverity} without)`;
}

function mitigationCell(f: Finding): string {
  const declared = f.mitigations.filter((m) => m.declared).map((m) => `✅ ${m.detail}`);
  const suggested = f.mitigations.filter((m) => !m.declared).slice(0, 2).map((m) => `${m.title}${m.detail ? ` (${m.detail})` : ''}`);
  return [...declared, ...(suggested.length ? [`to keep it: ${suggested.join('; ')}`] : [])].join('<br>');
}

function renderModel(r: ModelReview, heading: boolean): string[] {
  const out: string[] = [];
  if (heading || r.findings.length > 0) out.push(`#### ${r.model.title} (\`${r.model.id}\`) — ${upper(r.verdict)}`);
  if (r.findings.length === 0) {
    out.push('', 'No findings.');
  } else {
    out.push('', '| Severity | Finding | Actor | STRIDE | Clause | Mitigation |', '|---|---|---|---|---|---|');
    for (const f of r.findings) {
      const actor = f.actor ? ACTOR_SHORT[f.actor] + (f.actors.length > 1 ? ` (+${f.actors.length - 1})` : '') : '—';
      const clauses = f.clauses.map((c) => `\`${c.id}\``).join(' ') || '—';
      out.push(
        `| ${statusText(f)} | ${cell(f.title)} | ${actor} | ${f.stride.map((s) => STRIDE_LETTER[s]).join('')} | ${clauses} | ${cell(mitigationCell(f))} |`,
      );
    }
    out.push('', '<details><summary>Why (reason and path per finding)</summary>', '');
    for (const f of r.findings) {
      const parts = [...f.components.map((c) => `component \`${c}\``), ...f.flows.map((x) => `flow \`${x}\``)].join(', ');
      out.push(`- **${cell(f.title)}** (\`${f.id}\`${parts ? `; ${parts}` : ''}): ${f.reason}${f.path.length ? ` Path: ${f.path.map((p) => `\`${p}\``).join(' → ')}.` : ''}`);
    }
    out.push('', '</details>');
  }

  const deltas = r.actors.filter((a) => a.newlyReaches.length + a.newlyReceives.length > 0);
  if (deltas.length > 0) {
    out.push('', '**New reach by actor** (feature enabled)');
    for (const a of deltas) {
      const items = [
        ...a.newlyReaches.map((i) => `reaches ${i.component} (${TENANT_WORD[i.tenant]}) via ${i.flows.map((x) => `\`${x}\``).join(', ')}${i.atDefault ? '' : ' — off by default'}`),
        ...a.newlyReceives.map((i) => `receives from ${i.component} (${TENANT_WORD[i.tenant]}) via ${i.flows.map((x) => `\`${x}\``).join(', ')}${i.atDefault ? '' : ' — off by default'}`),
      ];
      out.push(`- ${a.name}: ${items.join('; ')}`);
    }
  }

  const affected = r.tenancy.filter((t) => t.impact !== 'none');
  out.push('', '**Tenancy**');
  if (affected.length === 0) {
    out.push(`- no change: ${r.tenancy.map((t) => `${t.name} stays ${t.before}`).join(', ')}`);
  } else {
    for (const t of r.tenancy) {
      const arrow = t.before === t.after ? t.before : `${t.before} → ${t.after}`;
      const clauses = t.impact === 'none' ? '' : ` (${t.clauses.map((c) => `\`${c.id}\``).join(', ')})`;
      out.push(`- ${t.name} — ${arrow}, ${t.impact === 'none' ? 'no impact' : t.impact.replace(/-/g, ' ')}${clauses}${t.impact === 'none' ? '' : `: ${t.summary}`}`);
    }
  }

  if (r.crossings.length + r.sharedComponents.length > 0) {
    out.push('', '**New trust-boundary crossings and shared components**');
    for (const c of r.crossings) {
      const props = [c.authenticated ? 'authenticated' : 'unauthenticated', c.encrypted ? 'TLS' : 'no TLS', ...(c.crossTenant ? ['crosses tenants'] : [])];
      out.push(`- \`${c.flow}\`: ${c.from} (${c.fromBoundary}) → ${c.to} (${c.toBoundary}), ${props.join(', ')}`);
    }
    for (const s of r.sharedComponents) {
      out.push(
        `- shared \`${s.component}\` (${s.origin}): caller identity ${s.identitySurvives ? 'survives' : 'does not survive'}${s.confusedDeputy ? ' — confused deputy' : ''}${s.reachableFromTenants ? ', reachable from tenant namespaces' : ''}`,
      );
    }
  }

  if (r.threats.length > 0) {
    out.push('', '<details><summary>STRIDE per new flow</summary>', '', '| Flow | Threat | Reason | Mitigation |', '|---|---|---|---|');
    for (const ft of r.threats) {
      for (const t of ft.threats) {
        out.push(`| \`${ft.flow}\` | ${STRIDE_LETTER[t.category]} ${t.category} | ${cell(t.reason)} | ${t.mitigated ? '✅ mitigated by the design' : cell(t.mitigation)} |`);
      }
    }
    out.push('', '</details>');
  }
  for (const n of r.notes) out.push('', `Note: ${n}`);
  return out;
}
