/**
 * `ktm triage --interactive`: asks the questions triage needs, in plain words, one per line of input.
 * An answer is a choice's number or its value; several (comma-separated) where allowed; blank takes the default.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { InputError } from '../util/errors.js';
import { getField, triageQuestions, type Question } from './questions.js';
import type { DraftReport } from './report.js';
import type { ThreatModel } from '../model/schema.js';
import { resolveComponent } from './components.js';

const MAX_TRIES = 5;

export async function askInteractively(
  draft: DraftReport,
  models: ThreatModel[],
  io: { input: Readable; output: Writable },
): Promise<DraftReport> {
  const rl = createInterface({ input: io.input, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  const say = (s: string) => io.output.write(s);
  // At the end of input a question with a default takes it; one without is an error.
  const readLine = async (what: string, fallback?: string): Promise<string> => {
    const next = await lines.next();
    if (next.done) {
      if (fallback !== undefined) return '';
      throw new InputError('<stdin>', `input ended before this question was answered: ${what}`);
    }
    return String(next.value).trim();
  };
  const report: DraftReport = structuredClone(draft);
  try {
    if (!report.metadata.title) {
      say('Title of the report, in one line: ');
      report.metadata.title = await readLine('title');
      while (!report.metadata.title) {
        say('A title is needed: ');
        report.metadata.title = await readLine('title');
      }
    }
    for (const q of triageQuestions(models)) {
      if (getField(report, q.field) !== undefined || (q.appliesTo && !q.appliesTo(report))) continue;
      setField(report, q.field, await ask(q, say, readLine, models));
    }
  } finally {
    rl.close();
  }
  return report;
}

async function ask(
  q: Question,
  say: (s: string) => void,
  readLine: (what: string, fallback?: string) => Promise<string>,
  models: ThreatModel[],
): Promise<unknown> {
  say(`\n${q.prompt}${q.multiple ? ' (none, or several separated by commas)' : ''}\n`);
  // Plain words only: the raw value is accepted as an answer but never shown.
  q.choices.forEach((c, i) => say(`  ${i + 1}) ${c.label}\n`));
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    say(q.default !== undefined ? `answer [${defaultWords(q)}]: ` : 'answer: ');
    const raw = await readLine(q.prompt, q.default);
    // The component also takes the names people write (security-guard, kourier), as a report file does.
    const value = parseAnswer(q, raw) ?? (q.field === 'spec.component' && raw ? resolveComponent(raw, models)?.id : undefined);
    if (value !== undefined) return value;
    say(`  "${raw}" is not one of the choices; type a number from 1 to ${q.choices.length}, or the first words of a choice.\n`);
  }
  throw new InputError('<stdin>', `no valid answer after ${MAX_TRIES} tries: ${q.prompt}`, undefined, q.field);
}

/** The default answer in plain words: its number and the label's first words. */
function defaultWords(q: Question): string {
  if (!q.default) return 'none';
  const i = q.choices.findIndex((c) => c.value === q.default);
  return i < 0 ? q.default : `${i + 1}: ${q.choices[i].label.split(/[,:(]/)[0].trim()}`;
}

/**
 * A choice by number, value or plain words: its label, or the label's first word ("no" for "no, it works reliably"),
 * so every yes/no question takes "yes"/"no".
 */
function choose(q: Question, token: string): string | undefined {
  const n = Number(token);
  if (Number.isInteger(n) && n >= 1 && n <= q.choices.length) return q.choices[n - 1].value;
  const t = token.toLowerCase();
  const lead = (label: string) => label.toLowerCase().split(',')[0].trim();
  const exact = q.choices.find((c) => c.value === t) ?? q.choices.find((c) => c.label.toLowerCase() === t || lead(c.label) === t);
  if (exact) return exact.value;
  // The start of a choice's words, when only one choice starts so ("network access inside").
  const starts = t.length >= 4 ? q.choices.filter((c) => c.label.toLowerCase().startsWith(t)) : [];
  return starts.length === 1 ? starts[0].value : undefined;
}

/** The typed value of an answer, or undefined when it is not valid. */
export function parseAnswer(q: Question, raw: string): unknown {
  const text = raw === '' && q.default !== undefined ? q.default : raw;
  if (q.multiple) {
    if (text === '' || text.toLowerCase() === 'none') return [];
    const picked = text.split(',').map((t) => choose(q, t.trim()));
    return picked.every((p) => p !== undefined) ? [...new Set(picked)] : undefined;
  }
  if (text === '') return undefined;
  const v = choose(q, text);
  if (v === undefined) return undefined;
  if (v === 'true' || v === 'false') return v === 'true';
  return v;
}

function setField(report: DraftReport, field: string, value: unknown): void {
  const keys = field.split('.');
  let obj = report as unknown as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) {
    if (typeof obj[k] !== 'object' || obj[k] === null) obj[k] = {};
    obj = obj[k] as Record<string, unknown>;
  }
  obj[keys[keys.length - 1]] = value;
}
