/**
 * `ktm pss --format junit`: one suite per Pod Security Standards check in effect at the level and version, one case
 * per object; an object the check rejects fails with upstream's message, the offending fields and the fix.
 */
import { renderJUnit, type JUnitSuite } from '../render/junit.js';
import { checksFor } from './registry.js';
import type { PssReport } from './report.js';

export function renderPssJUnit(report: PssReport): string {
  const minor = Number(report.effectiveVersion.replace(/^v1\./, ''));
  const suites: JUnitSuite[] = checksFor(report.level, minor).map(({ check }) => ({
    name: `${check.id}: ${check.title}`,
    cases: report.entries.map((e) => {
      const v = e.violations.find((x) => x.check === check.id);
      return {
        classname: check.id,
        name: e.resource,
        ...(v
          ? {
              failure: {
                message: v.message,
                type: `${report.level}:${report.version}`,
                text: [v.message, `object: ${e.resource}`, `source: ${e.source}`, ...(v.fields.length > 0 ? [`at: ${v.fields.join(', ')}`] : []), `fix: ${v.fix}`].join('\n'),
              },
            }
          : {}),
      };
    }),
  }));
  return renderJUnit(`ktm pss ${report.level}:${report.version}`, suites);
}
