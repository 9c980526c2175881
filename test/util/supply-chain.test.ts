/**
 * Install scripts are declared on purpose (package.json "ktm.installScripts"); .ci/run checks the lock file with
 * scripts/check-install-scripts.mjs after `npm ci`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';

interface Checker {
  packagesWithInstallScripts(lock: unknown): string[];
  installScriptProblems(lock: unknown, pkg: unknown): string[];
}
const checker = (await import(join(REPO_ROOT, 'scripts/check-install-scripts.mjs'))) as Checker;
const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8'));
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));

describe('install scripts', () => {
  it('every install script in the lock file is declared, and every declaration is still needed', () => {
    expect(checker.installScriptProblems(lock, pkg)).toEqual([]);
    expect(checker.packagesWithInstallScripts(lock)).toContain('better-sqlite3');
  });

  it('an undeclared install script, or a stale declaration, is a problem', () => {
    const sneaky = { packages: { ...lock.packages, 'node_modules/a/node_modules/postinstall-miner': { version: '1.0.0', hasInstallScript: true } } };
    expect(checker.installScriptProblems(sneaky, pkg)).toEqual([
      'postinstall-miner runs an install script but is not declared in package.json "ktm.installScripts"',
    ]);
    const stale = { ...pkg, ktm: { installScripts: { ...pkg.ktm.installScripts, 'left-pad': 'once needed' } } };
    expect(checker.installScriptProblems(lock, stale)).toEqual(['left-pad is declared in "ktm.installScripts" but has no install script any more']);
  });
});
