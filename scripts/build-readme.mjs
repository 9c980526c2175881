#!/usr/bin/env node
// Assembles README.md: docs/README.head.md (what ktm is, quick start, walkthroughs), then a generated index of the
// reference pages in docs/ — one line per page, its title taken from the page's first heading — so a page added to
// docs/ is listed without editing the README, and the README cannot drift. `--check` exits 1 when README.md is out of
// date.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Reading order of the known pages; any other docs/*.md page follows, alphabetically. */
const ORDER = ['overview', 'flags', 'audit', 'harden', 'reach', 'pss', 'inventory', 'triage', 'review', 'model', 'workbench', 'performance'];
const HEAD = 'README.head.md';

export function referencePages() {
  const names = readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md') && f !== HEAD)
    .map((f) => f.slice(0, -3));
  const rank = (n) => (ORDER.includes(n) ? ORDER.indexOf(n) : ORDER.length);
  return names.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

function title(name) {
  const text = readFileSync(join(root, 'docs', `${name}.md`), 'utf8');
  const heading = /^# (.+)$/m.exec(text);
  if (!heading) throw new Error(`docs/${name}.md has no "# " title`);
  return heading[1].trim();
}

export function buildReadme() {
  const head = readFileSync(join(root, 'docs', HEAD), 'utf8').trimEnd();
  const index = referencePages().map((name) => `- [${title(name)}](docs/${name}.md)`);
  return `${head}

## Reference

One page per command, plus the overview (contracts every command shares, code layout) and the cluster inventory
every cluster command reads:

${index.join('\n')}

This README is assembled from \`docs/README.head.md\` and the titles of the pages in \`docs/\` by
\`node scripts/build-readme.mjs\`; a test keeps it in step and runs every \`npm run ktm -- …\` command above.
`;
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
