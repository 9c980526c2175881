/** Constructors for check results, so every check states its outcome the same way. */
import type { CheckResult, FieldPath } from '../types.js';

export const ALLOWED: CheckResult = Object.freeze({ allowed: true }) as CheckResult;

export function forbidden(reason: string, detail: string, fields: FieldPath[]): CheckResult {
  return { allowed: false, reason, detail, fields };
}
