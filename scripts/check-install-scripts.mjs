#!/usr/bin/env node
// Every dependency that runs an install script must be declared on purpose in package.json under
// "ktm.installScripts" (name → why it needs one). Run by .ci/run after `npm ci`; exits 1 on an undeclared one, or
// on a declaration no longer needed, so the list stays true.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Names of packages in a package-lock (v2/v3) that have an install script. */
export function packagesWithInstallScripts(lock) {
  const names = new Set();
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    if (path && entry.hasInstallScript) names.add(path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
  }
  return [...names].sort();
}

/** Problems: undeclared install scripts, and declarations for packages that no longer have one. */
export function installScriptProblems(lock, pkg) {
  const declared = pkg.ktm?.installScripts ?? {};
  const found = packagesWithInstallScripts(lock);
  return [
    ...found.filter((n) => !declared[n]).map((n) => `${n} runs an install script but is not declared in package.json "ktm.installScripts"`),
    ...Object.keys(declared).filter((n) => !found.includes(n)).map((n) => `${n} is declared in "ktm.installScripts" but has no install script any more`),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = new URL('..', import.meta.url);
  const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8'));
  const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
  const problems = installScriptProblems(lock, pkg);
  for (const p of problems) process.stderr.write(`CI: ${p}\n`);
  if (problems.length > 0) process.exit(1);
  process.stdout.write(`install scripts, all declared: ${packagesWithInstallScripts(lock).join(', ')}\n`);
}
