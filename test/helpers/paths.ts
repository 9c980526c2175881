import { fileURLToPath } from 'node:url';
import { resolve, dirname } from 'node:path';

/** Repository root and the shared fixtures folder beside it (CI has ../shared beside the checkout). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED = resolve(REPO_ROOT, '../shared');
export const FIXTURES = resolve(SHARED, 'fixtures');
