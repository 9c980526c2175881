/**
 * `ktm harden --explain`: the proof that hardening breaks nothing — every flow the installed system needs, why it is
 * needed, and whether it holds after ktm's objects are applied (held, repaired by an allow ktm added, or already cut
 * by the cluster's own policies).
 */
import type { HardenResult } from '../harden/index.js';

const MARK: Record<string, string> = { holds: 'holds', repaired: 'holds (ktm added an allow)', 'left-out': 'CUT (see MANUAL)', 'cut-by-cluster': 'CUT by the cluster\'s own policies (see MANUAL)' };

export function renderHardenProof(result: HardenResult): string {
  const lines = [`# ktm harden --explain: ${result.proofs.length} required flow(s) after hardening`, ''];
  for (const p of result.proofs) {
    lines.push(`${p.id}`);
    lines.push(`  ${MARK[p.status]} — ${p.ports.join(', ')}; ${p.pairs} source/destination pair(s) checked`);
    lines.push(`  why: ${p.why} [${p.source}]`);
    if (p.status !== 'holds' && p.status !== 'repaired') lines.push(`  cut: ${p.detail}`);
    if (p.assumption) lines.push(`  assumption: ${p.assumption}`);
  }
  return `${lines.join('\n')}\n`;
}
