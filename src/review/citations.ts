/**
 * The model clauses a review cites, with where they come from and their opening words, so a pull-request
 * comment can list them as footnotes. The review result only carries clause ids (its JSON stays compact);
 * this index resolves them against the models that were reviewed.
 */
import { clauseById } from '../model/catalog.js';
import type { ThreatModel } from '../model/schema.js';

export interface ClauseCitation {
  model: string;
  id: string;
  section: string;
  /** The clause's first words, whitespace-normalised; ends in "…" when cut. */
  excerpt: string;
  /** The document the model quotes (its title, and its address when the model gives one). */
  source: { title: string; url?: string };
}

export type ClauseLookup = (modelId: string, clauseId: string) => ClauseCitation | undefined;

/** Words of a quote shown in a footnote: enough to recognise the clause, short enough for one line. */
export const EXCERPT_WORDS = 15;

export function excerpt(quote: string, words = EXCERPT_WORDS): string {
  const all = quote.trim().split(/\s+/);
  return all.length <= words ? all.join(' ') : `${all.slice(0, words).join(' ').replace(/[,;:.]$/, '')} …`;
}

export function clauseLookup(models: ThreatModel[]): ClauseLookup {
  const byId = new Map(models.map((m) => [m.metadata.id, m] as const));
  return (modelId, clauseId) => {
    const model = byId.get(modelId);
    const clause = model && clauseById(model, clauseId);
    if (!model || !clause) return undefined;
    const { title, url } = model.metadata.source;
    return { model: modelId, id: clause.id, section: clause.section, excerpt: excerpt(clause.quote), source: { title, ...(url && { url }) } };
  };
}
