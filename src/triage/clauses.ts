/**
 * How the triage rules find the model's words: by rule tag, never by clause id (a user's model may re-word,
 * re-number or drop a rule). A rule whose clause the model lacks cannot fire under that model.
 */
import type { Clause, RuleTag, ThreatModel } from '../model/schema.js';

export function clauseFor(model: ThreatModel, rule: RuleTag): Clause | undefined {
  return model.clauses.find((c) => c.rule === rule);
}

/** The first clause found among several tags, in the order given. */
export function firstClause(model: ThreatModel, rules: readonly RuleTag[]): Clause | undefined {
  for (const r of rules) {
    const c = clauseFor(model, r);
    if (c) return c;
  }
  return undefined;
}

/** The clause's words, whitespace-normalised, for quoting in a rationale. */
export function quoteOf(c: Clause): string {
  return c.quote.replace(/\s+/g, ' ').trim();
}

/** A sentence saying a rule could not be applied because the model has no clause for it. */
export function missingRuleNote(model: ThreatModel, rule: RuleTag, would: string): string {
  return `Model ${model.metadata.id} has no clause tagged "${rule}", so the rule that would make this ${would} cannot apply.`;
}
