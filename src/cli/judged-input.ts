/**
 * What a command judged, for the `metadata.input` of its JSON (src/render/json-envelope.ts): the sources as the user
 * named them (standard input as `<stdin>`, a live cluster by its context), and the namespaces it was narrowed to.
 */
import type { JudgedInput } from '../render/json-envelope.js';
import type { ThreatModel } from '../model/schema.js';

export function judgedInput(sources: string[], live: { kubeconfig?: string; context?: string }, namespaces?: string[]): JudgedInput {
  const named = sources.map((s) => (s === '-' ? '<stdin>' : s));
  if (live.kubeconfig) named.push(`live cluster (context ${live.context ?? 'current'})`);
  return { sources: named, ...(namespaces ? { namespaces } : {}) };
}

/** The model(s) a result was judged against, by id and version. */
export function judgedModels(models: ThreatModel[]): JudgedInput['models'] {
  return models.map((m) => ({ id: m.metadata.id, version: m.metadata.version }));
}
