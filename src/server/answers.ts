/**
 * Reads questionnaire answers from a form or a JSON body, keeping only known questions and offered choices,
 * so nothing a client invents reaches the triage engine or the store.
 */
import type { Answers, Question } from './triage-port.js';

export interface ReadAnswers {
  answers: Answers;
  /** Problems fit to show the user, e.g. an unanswered required question. */
  problems: string[];
}

/**
 * `valuesOf` returns undefined when the question is absent. A multiple-choice question that is present with no
 * value (the form's hidden empty field) is answered "none of these"; unanswered questions stay absent and the
 * engine says needs-info, which is a legitimate state for a report (the triager asks the reporter).
 */
export function readAnswers(questions: Question[], valuesOf: (questionId: string) => string[] | undefined): ReadAnswers {
  const answers: Answers = {};
  const problems: string[] = [];
  for (const q of questions) {
    const offered = new Set(q.choices.map((c) => c.value));
    const raw = valuesOf(q.id);
    if (raw === undefined) continue;
    const given = [...new Set(raw.filter((v) => v !== ''))];
    const unknown = given.filter((v) => !offered.has(v));
    if (unknown.length) problems.push(`"${q.prompt}": ${unknown.join(', ')} is not one of the choices`);
    const valid = given.filter((v) => offered.has(v));
    if (q.multiple) {
      answers[q.id] = valid.sort();
    } else if (valid.length > 1) {
      problems.push(`"${q.prompt}": choose one answer`);
    } else if (valid.length === 1) {
      answers[q.id] = valid[0];
    }
  }
  return { answers, problems };
}

/** Answers from a parsed JSON body (`{ answers: { id: value | [values] } }`); anything else counts as no answer. */
export function answersFromJson(questions: Question[], body: unknown): ReadAnswers {
  const raw =
    body && typeof body === 'object' && 'answers' in body && body.answers && typeof body.answers === 'object'
      ? (body.answers as Record<string, unknown>)
      : {};
  return readAnswers(questions, (id) => {
    if (!Object.prototype.hasOwnProperty.call(raw, id)) return undefined;
    const v = raw[id];
    if (typeof v === 'string') return [v];
    if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
    return undefined;
  });
}

export function cleanText(value: unknown, max: number): string {
  if (typeof value !== 'string') return '';
  // Keep newlines and tabs; drop other control characters that have no business in a report.
  return value.replace(/\r\n/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').slice(0, max);
}
