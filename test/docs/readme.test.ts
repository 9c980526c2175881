import { it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/paths.js';

it('README.md is assembled from docs/ (run node scripts/build-readme.mjs after editing docs)', async () => {
  // @ts-expect-error plain ESM script without type declarations
  const { buildReadme } = await import('../../scripts/build-readme.mjs');
  expect(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')).toBe(buildReadme());
});

it('the quick start has exactly the two commands of a fresh machine', () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  expect(readme).toContain('npm ci && npm start');
  expect(readme).toContain('npm ci && npm test');
});
