/**
 * JSON Schema for model files, generated from the zod schema (the single source of truth) for editors and CI.
 * A model file is either a full ThreatModel or an overlay that `extends` one.
 */
import * as z from '../util/zod.js';
import { ModelOverlaySchema, ThreatModelSchema } from './schema.js';
import { sortKeysDeep } from './stable-json.js';

export function modelJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(z.union([ThreatModelSchema, ModelOverlaySchema]), { io: 'input' }) as Record<string, unknown>;
  return sortKeysDeep({
    ...generated,
    $id: 'https://ktm.invalid/schemas/threat-model.schema.json',
    title: 'ktm threat model (ThreatModel or overlay)',
    description: 'A Knative threat model for ktm: a full model, or an overlay that extends another model by id or path.',
  }) as Record<string, unknown>;
}

/** The schema as the text committed in models/threat-model.schema.json. */
export function modelJsonSchemaText(): string {
  return JSON.stringify(modelJsonSchema(), null, 2) + '\n';
}
