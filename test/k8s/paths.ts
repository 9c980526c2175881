/**
 * Fixture paths for the k8s tests. (Not imported from test/helpers/cli.ts: that module loads the whole
 * CLI, so these tests would break whenever another command is mid-edit.)
 */
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = resolve(REPO_ROOT, '../shared/fixtures');
