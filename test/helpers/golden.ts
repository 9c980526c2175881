/**
 * Golden files of CLI output: run the command, expect exit 0 and nothing on stderr, compare stdout with the file.
 * UPDATE_GOLDEN=1 rewrites the file after an intended change (review the diff); a missing file fails without it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runCli } from './cli.js';

export async function expectCliGolden(dir: string, name: string, args: string[]): Promise<void> {
  const r = await runCli(args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const path = join(dir, name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, r.stdout);
  else if (!existsSync(path)) throw new Error(`golden file ${name} is missing: run with UPDATE_GOLDEN=1`);
  expect(r.stdout).toBe(readFileSync(path, 'utf8'));
}
