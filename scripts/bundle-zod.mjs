#!/usr/bin/env node
// `node scripts/bundle-zod.mjs <compiled src dir>`, run by `npm run build` between tsc and the validated models:
// bundles the compiled util/zod.js in place with esbuild, so it holds only the zod members ktm uses instead of
// importing the package entry (97 modules, 65 of them locales: about 80 ms of every command that validates input).
// Without esbuild (a production install without dev dependencies) the file stays as tsc wrote it: still correct,
// only slower to start.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const BANNER_START = '// zod ';

const srcDir = process.argv[2];
if (!srcDir) {
  process.stderr.write('usage: node scripts/bundle-zod.mjs <compiled src dir>\n');
  process.exit(2);
}
const file = join(resolve(srcDir), 'util/zod.js');

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  process.stderr.write(`note: esbuild is not installed, so ${file} imports the zod package as is (correct, slower start-up)\n`);
  process.exit(0);
}

// tsc rewrites the file on every build; one already bundled (this script run twice) is left alone.
if (readFileSync(file, 'utf8').startsWith(BANNER_START)) process.exit(0);

// The zod that the compiled file resolves, which is the one bundled; its MIT license asks for its notice in copies.
const zodPackage = createRequire(file).resolve('zod/package.json');
const zod = JSON.parse(readFileSync(zodPackage, 'utf8'));
const license = readFileSync(join(dirname(zodPackage), 'LICENSE'), 'utf8').trimEnd().replace(/^/gm, '// ').replace(/ +$/gm, '');
await esbuild.build({
  entryPoints: [file],
  outfile: file,
  allowOverwrite: true,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  banner: {
    js: `${BANNER_START}${zod.version} (https://github.com/colinhacks/zod), bundled by scripts/bundle-zod.mjs: only the members src/util/zod.ts re-exports.\n${license}`,
  },
});
