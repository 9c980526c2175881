/**
 * Reads the upstream PSA conformance fixtures in place (FIXTURES/pss/<level>/v1.<N>/<outcome>/<name>.yaml).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { FIXTURES } from '../helpers/cli.js';
import type { PssLevel } from '../../src/pss/index.js';

export const PSS_FIXTURES = join(FIXTURES, 'pss');

export interface PssFixture {
  level: PssLevel;
  minor: number;
  outcome: 'pass' | 'fail';
  /** File stem, e.g. `runasnonroot0`. */
  name: string;
  /** Lower-cased check id from the name (`runasnonroot`), or `base…` for minimal pods. */
  checkKey: string;
  file: string;
  pod: { metadata?: { annotations?: Record<string, string> }; spec?: unknown };
}

/** Expected rejection substring per lower-cased check id (README table, "fixture substring"). */
export const EXPECTED_SUBSTRING: Record<string, string> = {
  apparmorprofile: 'forbidden AppArmor profile',
  capabilities_baseline: 'capabilities',
  hostnamespaces: 'host namespaces',
  hostpathvolumes: 'hostPath',
  hostports: 'hostPort',
  hostprobesandhostlifecycle: 'probe or lifecycle host',
  privileged: 'privileged',
  procmount: 'procMount',
  selinuxoptions: 'seLinuxOptions',
  seccompprofile_baseline: 'seccompProfile',
  sysctls: 'forbidden sysctl',
  windowshostprocess: 'hostProcess',
  allowprivilegeescalation: 'allowPrivilegeEscalation',
  capabilities_restricted: 'unrestricted capabilities',
  procmount_restricted: 'procMount',
  restrictedvolumes: 'restricted volume types',
  runasnonroot: 'runAsNonRoot',
  runasuser: 'runAsUser',
  seccompprofile_restricted: 'seccompProfile',
};

let cached: PssFixture[] | undefined;

export function loadPssFixtures(): PssFixture[] {
  if (cached) return cached;
  const out: PssFixture[] = [];
  for (const level of ['baseline', 'restricted'] as const) {
    for (const vdir of readdirSync(join(PSS_FIXTURES, level))) {
      const m = /^v1\.(\d+)$/.exec(vdir);
      if (!m) continue;
      for (const outcome of ['pass', 'fail'] as const) {
        const dir = join(PSS_FIXTURES, level, vdir, outcome);
        for (const f of readdirSync(dir)) {
          if (!f.endsWith('.yaml')) continue;
          const file = join(dir, f);
          const name = f.slice(0, -5);
          out.push({
            level,
            minor: Number(m[1]),
            outcome,
            name,
            checkKey: name.replace(/\d+$/, ''),
            file,
            pod: parse(readFileSync(file, 'utf8')),
          });
        }
      }
    }
  }
  cached = out;
  return out;
}
