/**
 * Applies a user's overlay (`extends:` + overrides) to its base model. Lists merge by id: an entry with a known id
 * replaces the base entry (tenancy entries are patched field by field), a new id is appended; `remove` drops ids.
 */
import type { ModelOverlay, ThreatModel } from './schema.js';
import { ID_LISTS } from './integrity.js';

export interface OverlayProblem {
  path: Array<string | number>;
  message: string;
}

/**
 * @param overlay the validated overlay
 * @param raw the overlay as written (before zod defaults), to tell which tenancy fields the user actually set
 * @returns the merged model (not yet validated) and problems such as `remove` naming an unknown id
 */
export function applyOverlay(
  base: ThreatModel,
  overlay: ModelOverlay,
  raw: Record<string, unknown>,
): { model: unknown; problems: OverlayProblem[] } {
  const problems: OverlayProblem[] = [];
  const merged: Record<string, unknown> = structuredClone(base) as unknown as Record<string, unknown>;

  const rawMeta = (raw.metadata ?? {}) as Record<string, unknown>;
  const meta: Record<string, unknown> = { ...base.metadata, status: 'custom' };
  for (const key of Object.keys(rawMeta)) meta[key] = (overlay.metadata as Record<string, unknown>)[key];
  merged.metadata = meta;
  // zod fills a default trustProfile; only one the user wrote overrides the base's.
  if ('trustProfile' in raw && overlay.trustProfile) merged.trustProfile = overlay.trustProfile;

  for (const list of ID_LISTS) {
    const entries = overlay[list] as Array<{ id: string }> | undefined;
    if (!entries) continue;
    const rawEntries = (raw[list] ?? []) as Array<Record<string, unknown>>;
    const target = merged[list] as Array<Record<string, unknown>>;
    entries.forEach((entry, i) => {
      const at = target.findIndex((e) => e.id === entry.id);
      if (at < 0) {
        target.push(entry as unknown as Record<string, unknown>);
      } else if (list === 'tenancy') {
        // Tenancy entries are partial: only the fields written in the overlay change.
        const patch: Record<string, unknown> = {};
        for (const key of Object.keys(rawEntries[i] ?? {})) patch[key] = (entry as Record<string, unknown>)[key];
        target[at] = { ...target[at], ...patch };
      } else {
        target[at] = entry as unknown as Record<string, unknown>;
      }
    });
  }

  overlay.remove.forEach((id, i) => {
    let found = false;
    for (const list of ID_LISTS) {
      const target = merged[list] as Array<{ id: string }>;
      const kept = target.filter((e) => e.id !== id);
      if (kept.length !== target.length) {
        found = true;
        merged[list] = kept;
      }
    }
    if (!found) problems.push({ path: ['remove', i], message: `cannot remove "${id}": no entry has this id` });
  });
  return { model: merged, problems };
}
