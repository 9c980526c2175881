/**
 * src/util/zod.ts is the one module that imports the zod package: the build bundles zod into it, so a second import
 * of 'zod' elsewhere would load a second zod copy beside the bundled one (schemas of one fail instanceof checks and
 * registry look-ups of the other), and the slow package entry with it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';

/** `from 'zod'`, `from 'zod/v4'`, `import('zod')`, `require('zod')`, with either quote. */
const IMPORTS_ZOD = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)(['"])zod(?:\/[^'"]*)?\1/;

function filesImportingZod(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...filesImportingZod(full));
    else if (/\.[cm]?[jt]s$/.test(name) && IMPORTS_ZOD.test(readFileSync(full, 'utf8'))) out.push(relative(REPO_ROOT, full));
  }
  return out;
}

describe('one zod import site', () => {
  it('no file under src/ or bench/ but src/util/zod.ts imports the zod package', () => {
    expect([...filesImportingZod(join(REPO_ROOT, 'src')), ...filesImportingZod(join(REPO_ROOT, 'bench'))]).toEqual(['src/util/zod.ts']);
  });

  it('sees every form of import', () => {
    for (const line of ["import { z } from 'zod';", 'import * as z from "zod/v4";', "export { string } from 'zod'", "await import('zod')", "require('zod')"]) {
      expect(IMPORTS_ZOD.test(line), line).toBe(true);
    }
    for (const line of ["import * as z from '../util/zod.js';", "import { x } from 'zodiac';", "// zod's messages"]) expect(IMPORTS_ZOD.test(line), line).toBe(false);
  });
});
