/**
 * JUnit XML, the report CI systems show natively (GitLab, Jenkins, Azure DevOps, GitHub test reporters): the shape
 * they share is `<testsuites>` → `<testsuite name tests failures skipped>` → `<testcase classname name>` with an
 * optional `<failure message type>text</failure>` or `<skipped message/>`. This module writes that shape; the audit
 * and PSS renderers decide what the suites and cases are.
 */

export interface JUnitCase {
  /** The check the case belongs to (CI groups by it). */
  classname: string;
  /** The object or subject judged. */
  name: string;
  /** Present when the case failed: one-line message, a type (severity or check), and the full explanation. */
  failure?: { message: string; type: string; text: string };
  /** Present when the check did not apply. */
  skipped?: string;
}

export interface JUnitSuite {
  name: string;
  cases: JUnitCase[];
}

export function renderJUnit(name: string, suites: JUnitSuite[]): string {
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  const body: string[] = [];
  for (const s of suites) {
    const f = s.cases.filter((c) => c.failure).length;
    const k = s.cases.filter((c) => !c.failure && c.skipped !== undefined).length;
    tests += s.cases.length;
    failures += f;
    skipped += k;
    body.push(`  <testsuite name="${attr(s.name)}" tests="${s.cases.length}" failures="${f}" errors="0" skipped="${k}">`);
    for (const c of s.cases) {
      const open = `    <testcase classname="${attr(c.classname)}" name="${attr(c.name)}"`;
      if (c.failure) {
        body.push(`${open}>`);
        body.push(`      <failure message="${attr(c.failure.message)}" type="${attr(c.failure.type)}">${text(c.failure.text)}</failure>`);
        body.push('    </testcase>');
      } else if (c.skipped !== undefined) {
        body.push(`${open}>`, `      <skipped message="${attr(c.skipped)}"/>`, '    </testcase>');
      } else {
        body.push(`${open}/>`);
      }
    }
    body.push('  </testsuite>');
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(name)}" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}">`,
    ...body,
    '</testsuites>',
    '',
  ].join('\n');
}

/** Characters XML 1.0 cannot carry at all (C0 controls but tab/newline/return, lone surrogates, U+FFFE/FFFF). */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/gu;

function text(s: string): string {
  return s.replace(NOT_XML, '\ufffd').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(s: string): string {
  // Newlines and tabs in attributes would be normalised to spaces by any parser: write them as references.
  return text(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
