#!/usr/bin/env node
// Assembles README.md from docs/README.head.md and the per-command references in docs/ (each heading demoted one
// level so they nest under "Reference"). `--check` exits 1 when README.md is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ORDER = ['flags', 'model', 'triage', 'inventory', 'reach', 'pss', 'audit', 'harden', 'review', 'workbench', 'performance'];

export function buildReadme() {
  const head = readFileSync(join(root, 'docs/README.head.md'), 'utf8').trimEnd();
  const parts = ORDER.map((name) => {
    const text = readFileSync(join(root, 'docs', `${name}.md`), 'utf8').trimEnd();
    let fence = false;
    return text
      .split('\n')
      .map((line) => {
        if (line.startsWith('```')) fence = !fence;
        return !fence && /^#{1,5} /.test(line) ? `#${line}` : line;
      })
      .join('\n');
  });
  return `${head}\n\n${parts.join('\n\n')}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const readme = buildReadme();
  if (process.argv.includes('--check')) {
    const current = readFileSync(join(root, 'README.md'), 'utf8');
    if (current !== readme) {
      process.stderr.write('README.md is out of date: run node scripts/build-readme.mjs\n');
      process.exit(1);
    }
  } else {
    writeFileSync(join(root, 'README.md'), readme);
  }
}
