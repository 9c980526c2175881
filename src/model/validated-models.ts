/**
 * Built-in models as validated at build time. `npm run build` loads every built-in model through the full loader
 * (YAML, zod, links) and writes the result beside the compiled code, keyed by a hash of the model file and of the
 * code that validated it. At run time a built-in model whose file and validating code still hash the same is read
 * from there (a JSON.parse) instead of being parsed and validated again; anything else — a modified model, a user's
 * file or overlay, a build without the artefact — takes the full loader, with the same errors as ever.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ThreatModel } from './schema.js';

const HERE = dirname(fileURLToPath(import.meta.url));
/** Beside the compiled module (dist/src/model/validated-models/); absent beside the sources. */
export const VALIDATED_MODELS_DIR = join(HERE, 'validated-models');

/** The code a model's validated form depends on: the model and util modules, and the parsing/validating libraries. */
const CODE_DIRS = [HERE, join(HERE, '..', 'util')];
const LIBRARIES = ['zod', 'js-yaml', 'yaml'];

interface StoredModel {
  /** sha256 of the validating code's key and the model file's bytes. */
  key: string;
  /** Size of the model file, checked before it is read and hashed. */
  bytes: number;
  model: ThreatModel;
}

let codeKeyMemo: string | undefined;
function codeKey(): string {
  if (codeKeyMemo !== undefined) return codeKeyMemo;
  const hash = createHash('sha256');
  for (const dir of CODE_DIRS) {
    for (const name of readdirSync(dir).sort()) {
      if (name.endsWith('.js') || name.endsWith('.ts')) hash.update(name).update('\0').update(readFileSync(join(dir, name)));
    }
  }
  const require = createRequire(import.meta.url);
  for (const lib of LIBRARIES) hash.update(lib).update('\0').update(readFileSync(require.resolve(`${lib}/package.json`)));
  return (codeKeyMemo = hash.digest('hex'));
}

function keyOf(source: Buffer): string {
  return createHash('sha256').update(codeKey()).update('\0').update(source).digest('hex');
}

/**
 * The validated form of built-in model `id` read from `file`, or undefined when there is none that matches the
 * file's current bytes and the current code (the caller then loads and validates the file itself).
 */
export function validatedBuiltin(id: string, file: string, dir: string = VALIDATED_MODELS_DIR): ThreatModel | undefined {
  let stored: StoredModel;
  try {
    stored = JSON.parse(readFileSync(join(dir, `${id}.json`), 'utf8')) as StoredModel;
    const stat = statSync(file);
    if (!stat.isFile() || stat.size !== stored.bytes) return undefined;
    if (keyOf(readFileSync(file)) !== stored.key) return undefined;
  } catch {
    return undefined; // no artefact (or an unreadable one): the full loader decides
  }
  return stored.model;
}

/**
 * Writes the validated form of every built-in model into `dir` (replacing what was there). `load` is the full
 * loader; it runs before anything is written, so an invalid built-in model fails the build instead.
 */
export function writeValidatedModels(
  dir: string,
  builtins: ReadonlyArray<{ id: string; file: string }>,
  load: (id: string) => ThreatModel,
): void {
  rmSync(dir, { recursive: true, force: true });
  const stored = builtins.map(({ id, file }) => {
    const source = readFileSync(file);
    return { id, value: { key: keyOf(source), bytes: source.length, model: load(id) } satisfies StoredModel };
  });
  mkdirSync(dir, { recursive: true });
  for (const { id, value } of stored) writeFileSync(join(dir, `${id}.json`), JSON.stringify(value));
}
