/**
 * One-line summaries the human reports (table, Markdown, HTML) share: how many findings were accepted and by what,
 * and with `--baseline` how this run compares with the previous one. Machine formats carry the findings themselves.
 */
import type { AuditResult, BaselineState } from '../audit/types.js';

/** `3 accepted finding(s), not counted: 2 by .ktm-exceptions.yaml, 1 by annotation (KTM-NET-001 ×2, KTM-PSS-001)`, or undefined. */
export function acceptedLine(r: AuditResult): string | undefined {
  const list = r.accepted ?? [];
  if (list.length === 0) return undefined;
  const bySource = new Map<string, number>();
  const byCheck = new Map<string, number>();
  for (const f of list) {
    const where = f.accepted!.by === 'annotation' ? 'annotation' : f.accepted!.source.replace(/:\d+$/, '');
    bySource.set(where, (bySource.get(where) ?? 0) + 1);
    byCheck.set(f.id, (byCheck.get(f.id) ?? 0) + 1);
  }
  const sources = [...bySource].map(([w, n]) => `${n} by ${w}`).join(', ');
  const checks = [...byCheck].map(([id, n]) => (n > 1 ? `${id} ×${n}` : id)).join(', ');
  return `${list.length} accepted finding(s), not counted: ${sources} (${checks}); --format json lists them with reason, owner and expiry`;
}

/** `compared with the baseline: 2 new, 40 unchanged, 1 updated, 3 absent`, or undefined without `--baseline`. */
export function baselineLine(r: AuditResult): string | undefined {
  if (!r.absent) return undefined;
  const count = (s: BaselineState) => [...r.findings, ...(r.accepted ?? [])].filter((f) => f.baseline === s).length;
  return `compared with the baseline: ${count('new')} new, ${count('unchanged')} unchanged, ${count('updated')} updated, ${r.absent.length} absent`;
}
