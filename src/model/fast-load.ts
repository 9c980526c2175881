/**
 * Loading for the commands that start often (`ktm model …`, `ktm triage`): a built-in model validated at build time
 * is read without importing the YAML parser, zod or the loader; anything else (a file, an overlay, a modified
 * built-in model, a build without the artefact) is handed to the full loader, imported on that path only.
 */
import { DEFAULT_MODEL, builtinIds, builtinModelPath, infoOf, refIsFile, type BuiltinModelInfo } from './builtin-models.js';
import type { ThreatModel } from './schema.js';
import { validatedBuiltin } from './validated-models.js';

/** As `loadModel` (src/model/loader.ts), with the same results and errors. */
export async function loadModelFast(ref: string = DEFAULT_MODEL): Promise<ThreatModel> {
  const builtin = refIsFile(ref, process.cwd()) ? undefined : builtinModelPath(ref);
  const validated = builtin === undefined ? undefined : validatedBuiltin(ref, builtin);
  return validated ?? (await import('./loader.js')).loadModel(ref);
}

/** As `listBuiltinModels` (src/model/loader.ts). */
export async function listBuiltinModelsFast(): Promise<BuiltinModelInfo[]> {
  const infos: BuiltinModelInfo[] = [];
  for (const id of builtinIds()) infos.push(infoOf(await loadModelFast(id)));
  return infos;
}
