/**
 * `ktm triage REPORT`: judges a vulnerability report against the threat model(s). Wires files, models and
 * formats to the triage engine (src/triage) and its renderers; decides nothing itself.
 */
import { Readable } from 'node:stream';
import type { Command } from 'commander';
import { action, oneOf, writeOutput } from './common.js';
import { UsageError } from '../util/errors.js';
import { parseDocuments, readInputText } from '../util/parse.js';
import { validateDocument } from '../util/validate.js';
import { listBuiltinModels, loadModel, DEFAULT_MODEL } from '../model/loader.js';
import type { ThreatModel } from '../model/schema.js';
import { singleDocument, VulnerabilityReportSchema, type DraftReport } from '../triage/report.js';
import { importAdvisoryDocument } from '../triage/import.js';
import { checkComponents } from '../triage/components.js';
import { triage } from '../triage/engine.js';
import { askInteractively } from '../triage/interactive.js';
import { renderTriageText } from '../render/triage-text.js';
import { renderTriageJson, sortKeys } from '../render/triage-json.js';
import { renderMarkdown } from '../render/triage-markdown.js';
import { renderGhsa, renderOsv } from '../render/triage-advisory.js';
import { renderReply } from '../render/triage-reply.js';

const FORMATS = ['text', 'json', 'md', 'ghsa', 'osv', 'reply'] as const;
const SOURCES = ['ghsa', 'osv'] as const;

interface Options {
  from?: string;
  model: string;
  format: string;
  received?: string;
  output?: string;
  interactive?: boolean;
}

export function register(program: Command): void {
  program
    .command('triage')
    .description('Judge a vulnerability report against the Knative threat model: verdict, severity, CVSS, trace, advisory drafts')
    .argument('[report]', 'VulnerabilityReport (YAML/JSON), or a GHSA/OSV JSON with --from; "-" reads stdin')
    .option('--from <kind>', `the input is an advisory to import: ${SOURCES.join('|')}`)
    .option('--model <model>', 'knative-2021 | knative-2025 | all | a model FILE', DEFAULT_MODEL)
    .option('--format <format>', FORMATS.join('|'), 'text')
    .option('--received <date>', 'day the report was received, YYYY-MM-DD (default: today)')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('--interactive', 'ask the missing facts in the terminal, then show the result')
    .action(
      action(async (file: string | undefined, opts: Options) => {
        const format = oneOf('--format', opts.format, FORMATS);
        const from = opts.from === undefined ? undefined : oneOf('--from', opts.from, SOURCES);
        const received = parseReceived(opts.received);
        if (!file && !opts.interactive) throw new UsageError('give a report file (or "-" for stdin), or --interactive');
        if (file === '-' && opts.interactive) throw new UsageError('--interactive reads answers from stdin, so the report cannot come from stdin too');
        const models = loadModels(opts.model);

        let report: DraftReport = { apiVersion: 'ktm/v1', kind: 'VulnerabilityReport', metadata: { title: '', references: [] }, spec: {} };
        let locate: (p: string[]) => { line: number; column: number } | undefined = () => undefined;
        // Messages name stdin "<stdin>", as the other commands do.
        const source = file === undefined ? '<interactive>' : file === '-' ? '<stdin>' : file;
        if (file) {
          const doc = singleDocument(parseDocuments(readInputText(file), source), source);
          locate = (p) => doc.locate(p);
          report = from
            ? importAdvisoryDocument(doc, from, models, source)
            : validateDocument(VulnerabilityReportSchema, doc, source, 'VulnerabilityReport');
        }
        const notes: string[] = [];
        const note = (n: string | undefined) => n && notes.push(n);
        note(checkComponents(report, models, source, locate));
        if (opts.interactive) {
          const injected = process.env.KTM_STDIN_TEXT;
          const input = injected !== undefined ? Readable.from([injected]) : process.stdin;
          report = await askInteractively(report, models, { input, output: process.stderr });
          note(checkComponents(report, models, '<stdin>'));
        }
        for (const n of notes) process.stderr.write(`ktm: note: ${n}\n`);

        const output = triage(report, models, { received });
        if (format === 'ghsa' || format === 'osv') {
          // A draft is still useful to file a declined report, but nobody should publish it by mistake.
          const notVuln = output.results.filter((r) => r.verdict !== 'vulnerability').map((r) => `${r.model}: ${r.verdict}`);
          if (notVuln.length > 0) process.stderr.write(`ktm: warning: this advisory draft is for a report that is not a vulnerability under ${notVuln.join(', ')}\n`);
        }
        writeOutput(render(format, output, models), opts.output);
        return 0;
      }),
    );
}

function render(format: (typeof FORMATS)[number], output: ReturnType<typeof triage>, models: ThreatModel[]): string {
  switch (format) {
    case 'json':
      return renderTriageJson(output);
    case 'md':
      return renderMarkdown(output);
    case 'ghsa':
      return JSON.stringify(sortKeys(renderGhsa(output, models)), null, 2);
    case 'osv':
      return JSON.stringify(sortKeys(renderOsv(output, models)), null, 2);
    case 'reply':
      return renderReply(output);
    default:
      return renderTriageText(output);
  }
}

function loadModels(ref: string): ThreatModel[] {
  if (ref === 'all') return listBuiltinModels().map((m) => loadModel(m.id));
  return [loadModel(ref)];
}

function parseReceived(s: string | undefined): Date | undefined {
  if (s === undefined) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!d || d.toISOString().slice(0, 10) !== s) throw new UsageError(`option --received: "${s}" is not a date YYYY-MM-DD`);
  return d;
}
