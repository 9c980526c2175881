/**
 * The threat models shipped in models/*.yaml: their ids, files, and which refs name them. No zod and no YAML here,
 * so the commands that only read built-in models (src/model/fast-load.ts) can start without either.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { modelsDir } from './package-root.js';
import type { ThreatModel } from './schema.js';

export const DEFAULT_MODEL = 'knative-2021';

export interface BuiltinModelInfo {
  id: string;
  title: string;
  version: string;
  status: ThreatModel['metadata']['status'];
}

/** Ids of the built-in models, sorted. */
export function builtinIds(): string[] {
  return readdirSync(modelsDir())
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

/** Path of a built-in model's file, or undefined when `ref` is not a built-in id. */
export function builtinModelPath(ref: string): string | undefined {
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(ref)) return undefined;
  const file = join(modelsDir(), `${ref}.yaml`);
  return existsSync(file) ? file : undefined;
}

/** True when `ref`, resolved from `baseDir`, names a file (or stdin): a file wins over a built-in id. */
export function refIsFile(ref: string, baseDir: string): boolean {
  return ref !== '' && (ref === '-' || existsSync(resolve(baseDir, ref)));
}

/** What `ktm model list` shows of a model. */
export function infoOf(m: ThreatModel): BuiltinModelInfo {
  return { id: m.metadata.id, title: m.metadata.title, version: m.metadata.version, status: m.metadata.status };
}
