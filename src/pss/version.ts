/**
 * Policy versions: `v1.N` or `latest`. Like upstream api.ParseVersion, only major version 1 exists;
 * a version newer than the newest check version is evaluated as that newest version (registry maxVersion).
 */
import { UsageError } from '../util/errors.js';

/** Newest minor version any check is defined for (upstream newestMinorVersionToTest). */
export const NEWEST_MINOR = 37;

export interface PolicyVersion {
  /** As requested, normalised: `v1.N` or `latest`. */
  label: string;
  /** Minor version the checks are selected for, clamped to NEWEST_MINOR. */
  minor: number;
}

export function parsePolicyVersion(text: string): PolicyVersion {
  const value = text.trim();
  if (value === 'latest') return { label: 'latest', minor: NEWEST_MINOR };
  const m = /^v1\.(0|[1-9][0-9]{0,5})$/.exec(value);
  if (!m) throw new UsageError(`option --version: "${text}" is not a policy version (expected v1.N, e.g. v1.30, or latest)`);
  const minor = Number(m[1]);
  return { label: `v1.${minor}`, minor: Math.min(minor, NEWEST_MINOR) };
}

export function formatMinor(minor: number): string {
  return `v1.${minor}`;
}
