/**
 * The check registry, as upstream policy/registry.go builds it: for a level and a version, the checks in effect
 * are each check's newest behaviour at or below the version; restricted runs the baseline checks minus those a
 * restricted check overrides at that version, plus the restricted checks. Order: baseline ids sorted, then
 * restricted ids sorted (byte order), so messages are stable.
 */
import type { CheckDefinition, PssLevel, VersionedCheck } from './types.js';
import { NEWEST_MINOR } from './version.js';
import { byteOrder } from './format.js';
import { appArmorProfile } from './checks/appArmorProfile.js';
import { capabilities_baseline } from './checks/capabilities_baseline.js';
import { hostNamespaces } from './checks/hostNamespaces.js';
import { hostPathVolumes } from './checks/hostPathVolumes.js';
import { hostPorts } from './checks/hostPorts.js';
import { hostProbesAndHostLifecycle } from './checks/hostProbesAndHostLifecycle.js';
import { privileged } from './checks/privileged.js';
import { procMount } from './checks/procMount.js';
import { seLinuxOptions } from './checks/seLinuxOptions.js';
import { seccompProfile_baseline } from './checks/seccompProfile_baseline.js';
import { sysctls } from './checks/sysctls.js';
import { windowsHostProcess } from './checks/windowsHostProcess.js';
import { allowPrivilegeEscalation } from './checks/allowPrivilegeEscalation.js';
import { capabilities_restricted } from './checks/capabilities_restricted.js';
import { procMount_restricted } from './checks/procMount_restricted.js';
import { restrictedVolumes } from './checks/restrictedVolumes.js';
import { runAsNonRoot } from './checks/runAsNonRoot.js';
import { runAsUser } from './checks/runAsUser.js';
import { seccompProfile_restricted } from './checks/seccompProfile_restricted.js';

/** Every check ktm knows (upstream's DefaultChecks). */
export const ALL_CHECKS: readonly CheckDefinition[] = [
  appArmorProfile,
  capabilities_baseline,
  hostNamespaces,
  hostPathVolumes,
  hostPorts,
  hostProbesAndHostLifecycle,
  privileged,
  procMount,
  seLinuxOptions,
  seccompProfile_baseline,
  sysctls,
  windowsHostProcess,
  allowPrivilegeEscalation,
  capabilities_restricted,
  procMount_restricted,
  restrictedVolumes,
  runAsNonRoot,
  runAsUser,
  seccompProfile_restricted,
];

/** A check selected for one level and version: its definition and the behaviour in effect. */
export interface CheckInEffect {
  check: CheckDefinition;
  version: VersionedCheck;
}

validateChecks(ALL_CHECKS);

const ORDERED: readonly CheckDefinition[] = [
  ...ALL_CHECKS.filter((c) => c.level === 'baseline').sort((a, b) => byteOrder(a.id, b.id)),
  ...ALL_CHECKS.filter((c) => c.level === 'restricted').sort((a, b) => byteOrder(a.id, b.id)),
];

const cache = new Map<string, readonly CheckInEffect[]>();

/** The checks in effect for a level at minor version `minor` of v1 (clamped to the newest check version). */
export function checksFor(level: PssLevel, minor: number): readonly CheckInEffect[] {
  const v = Math.max(0, Math.min(minor, NEWEST_MINOR));
  const key = `${level}:${v}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const inEffect: CheckInEffect[] = [];
  for (const check of ORDERED) {
    if (level === 'baseline' && check.level !== 'baseline') continue;
    const version = versionAt(check, v);
    if (version) inEffect.push({ check, version });
  }
  let result: readonly CheckInEffect[] = inEffect;
  if (level === 'restricted') {
    const overridden = new Set(inEffect.flatMap((c) => (c.check.level === 'restricted' ? c.version.overrides ?? [] : [])));
    result = inEffect.filter((c) => !(c.check.level === 'baseline' && overridden.has(c.check.id)));
  }
  cache.set(key, result);
  return result;
}

/** The newest behaviour of a check at or below minor version `v`, if the check exists then. */
function versionAt(check: CheckDefinition, v: number): VersionedCheck | undefined {
  let found: VersionedCheck | undefined;
  for (const ver of check.versions) {
    if (ver.minVersion <= v) found = ver;
  }
  return found;
}

/** Looks a check up by id (case-sensitive, as upstream's ids). */
export function checkById(id: string): CheckDefinition | undefined {
  return ALL_CHECKS.find((c) => c.id === id);
}

/** Guards the registry's own consistency, like upstream's validateChecks (a programming error, not input). */
function validateChecks(checks: readonly CheckDefinition[]): void {
  const levels = new Map<string, PssLevel>();
  for (const c of checks) {
    if (levels.has(c.id)) throw new Error(`pss: check ${c.id} registered twice`);
    levels.set(c.id, c.level);
    if (c.versions.length === 0) throw new Error(`pss: check ${c.id} has no versions`);
    c.versions.forEach((v, i) => {
      if (i > 0 && v.minVersion <= c.versions[i - 1].minVersion) throw new Error(`pss: check ${c.id}: versions must increase`);
      if (v.minVersion > NEWEST_MINOR) throw new Error(`pss: check ${c.id}: version v1.${v.minVersion} is newer than NEWEST_MINOR`);
    });
  }
  for (const c of checks) {
    for (const v of c.versions) {
      for (const o of v.overrides ?? []) {
        if (c.level !== 'restricted') throw new Error(`pss: only restricted checks may override (${c.id})`);
        if (levels.get(o) !== 'baseline') throw new Error(`pss: ${c.id} overrides ${o}, which is not a baseline check`);
      }
    }
  }
}
