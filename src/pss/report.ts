/**
 * `ktm pss` results: one entry per workload, sorted, in the documented JSON shape
 * `{ resource, source, allowed, violations: [{ check, message }] }`, plus what people need (fix, fields).
 */
import { formatSource, type Workload } from '../k8s/types.js';
import { evaluateWorkload } from './evaluate.js';
import type { PssLevel, PssViolation } from './types.js';
import type { PolicyVersion } from './version.js';
import { byteOrder } from './format.js';

export interface PssEntry {
  /** `Kind/namespace/name`. */
  resource: string;
  /** `file:line`, or the API path for live input. */
  source: string;
  allowed: boolean;
  violations: PssViolation[];
  /** True for Knative Services/Configurations/Revisions (secure-pod-defaults may fill fields at admission). */
  knative: boolean;
}

export interface PssReport {
  level: PssLevel;
  version: string;
  effectiveVersion: string;
  entries: PssEntry[];
}

export function pssReport(workloads: readonly Workload[], level: PssLevel, version: PolicyVersion): PssReport {
  const entries = workloads.map((w): PssEntry => {
    const r = evaluateWorkload(w, level, version);
    return {
      resource: `${w.kind}/${w.namespace}/${w.name}`,
      source: formatSource(w.resource.source),
      allowed: r.allowed,
      violations: r.violations,
      knative: w.knative !== undefined,
    };
  });
  entries.sort((a, b) => byteOrder(a.resource, b.resource) || compareSource(a.source, b.source));
  return { level, version: version.label, effectiveVersion: `v1.${version.minor}`, entries };
}

/** `file:line` sources compare by file, then line as a number. */
function compareSource(a: string, b: string): number {
  const ma = /^(.*):(\d+)$/.exec(a);
  const mb = /^(.*):(\d+)$/.exec(b);
  if (ma && mb && ma[1] === mb[1]) return Number(ma[2]) - Number(mb[2]);
  return byteOrder(a, b);
}
