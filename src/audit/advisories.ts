/**
 * The advisories data file (advisories.yaml beside this module; found from src/ under vitest and from dist/ after a
 * build) and version comparison for KTM-VER-001.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import * as z from '../util/zod.js';

const AdvisorySchema = z.strictObject({
  id: z.string(),
  ghsa: z.string().optional(),
  component: z.string(),
  severity: z.enum(['low', 'moderate', 'high', 'critical']),
  summary: z.string(),
  fixed: z.array(z.string().regex(/^\d+\.\d+\.\d+$/)).min(1),
  url: z.string().optional(),
});
const FileSchema = z.strictObject({ advisories: z.array(AdvisorySchema) });
export type Advisory = z.infer<typeof AdvisorySchema>;

let cache: Advisory[] | undefined;

export function loadAdvisories(): Advisory[] {
  if (cache) return cache;
  const candidates = [
    new URL('./advisories.yaml', import.meta.url),
    new URL('../../../src/audit/advisories.yaml', import.meta.url), // dist/src/audit → src/audit
  ].map((u) => fileURLToPath(u));
  const file = candidates.find((f) => existsSync(f));
  if (!file) throw new Error('advisories data file src/audit/advisories.yaml not found');
  cache = FileSchema.parse(parseYaml(readFileSync(file, 'utf8'))).advisories;
  return cache;
}

export type Semver = [number, number, number];

/** `1.11.2`, `v1.11.2`, `knative-v1.11.2` → [1,11,2]; `devel`, nightly tags and the like → undefined. */
export function parseRelease(text: string | undefined): Semver | undefined {
  const m = /^(?:knative-)?v?(\d+)\.(\d+)(?:\.(\d+))?$/.exec((text ?? '').trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

function cmpSemver(a: Semver, b: Semver): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

export function isAffected(version: Semver, adv: Advisory): boolean {
  const fixes = adv.fixed.map((f) => parseRelease(f)!).sort(cmpSemver);
  const sameLine = fixes.find((f) => f[0] === version[0] && f[1] === version[1]);
  if (sameLine) return cmpSemver(version, sameLine) < 0;
  return cmpSemver(version, fixes[fixes.length - 1]) < 0;
}
