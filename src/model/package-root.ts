/**
 * Finds ktm's package root (the folder holding package.json) from this module's location, so built-in models
 * are found both from src/ (vitest) and from dist/src/ (after build).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return (cached = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find package.json above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

/** Folder of the built-in models. */
export function modelsDir(): string {
  return join(packageRoot(), 'models');
}
