/**
 * `ktm audit --format junit`: first a suite of verdicts (one case per tenancy model judged: a `fail` verdict fails),
 * then one suite per check, in check order: a case per finding (a failure carrying the message, clause, object,
 * source and fix), or one passing case when the check found nothing, or a skipped case when it did not apply.
 */
import type { AuditResult } from '../audit/types.js';
import { renderJUnit, type JUnitSuite } from './junit.js';

export function renderAuditJUnit(r: AuditResult): string {
  const suites: JUnitSuite[] = [
    {
      name: `verdicts (model ${r.model})`,
      cases: r.tenancy.map((t) => {
        const verdict = r.verdicts[t] ?? 'pass';
        const failing = r.findings.filter((f) => f.tenancy.includes(t));
        return {
          classname: 'verdict',
          name: t,
          ...(verdict === 'fail'
            ? { failure: { message: `tenancy ${t}: ${verdict}`, type: 'verdict', text: `${failing.length} finding(s) apply to tenancy ${t}: ${[...new Set(failing.map((f) => f.id))].join(', ')}` } }
            : {}),
        };
      }),
    },
  ];
  for (const rule of r.rules) {
    const findings = r.findings.filter((f) => f.id === rule.id);
    const name = `${rule.id} ${rule.title}`;
    if (!rule.ran) {
      suites.push({ name, cases: [{ classname: rule.id, name: 'not applicable', skipped: `applies to tenancy ${rule.tenancy.join(', ')} with this trust profile; not selected` }] });
      continue;
    }
    if (findings.length === 0) {
      suites.push({ name, cases: [{ classname: rule.id, name: 'no finding' }] });
      continue;
    }
    suites.push({
      name,
      cases: findings.map((f) => ({
        classname: f.id,
        name: f.path ? `${f.resource} ${f.path}` : f.resource,
        failure: {
          message: f.message,
          type: f.severity,
          text: [`${f.message}`, `object: ${f.resource}${f.path ? ` at ${f.path}` : ''}`, `source: ${f.source}`, `clause: ${f.clause} (model ${r.model})`, `tenancy: ${f.tenancy.join(', ')}`, `fix: ${f.fix}`].join('\n'),
        },
      })),
    });
  }
  return renderJUnit(`ktm audit (model ${r.model})`, suites);
}
