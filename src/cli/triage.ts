/**
 * `ktm triage REPORT`: judges a vulnerability report against the threat model(s). Wires files, models and
 * formats to the triage engine (src/triage) and its renderers; decides nothing itself. What only an option needs
 * (importers, govulncheck, the interactive prompt, every renderer but text) is imported when that option is given,
 * so the plain `ktm triage REPORT` starts fast (docs/performance.md).
 */
import type { Command } from 'commander';
import { action, oneOf, writeOutput } from './common.js';
import { summaryOf } from './commands.js';
import { formatFor, formatOption, outputOption } from './output-options.js';
import { judgedModels } from './judged-input.js';
import type { JudgedInput } from '../render/json-envelope.js';
import { UsageError } from '../util/errors.js';
import { parseDocuments, readInputText } from '../util/parse.js';
import { validateDocument } from '../util/validate.js';
import { DEFAULT_MODEL, builtinIds } from '../model/builtin-models.js';
import { loadModelFast } from '../model/fast-load.js';
import type { ThreatModel } from '../model/schema.js';
import { singleDocument, VulnerabilityReportSchema, type DraftReport } from '../triage/report.js';
import type { FactProposal } from '../triage/extract.js';
import { checkComponents } from '../triage/components.js';
import { triage } from '../triage/engine.js';
import { renderTriageText } from '../render/triage-text.js';
import type { VexOptions } from '../triage/vex-map.js';

const FORMATS = ['text', 'json', 'md', 'ghsa', 'osv', 'reply', 'report', 'openvex', 'csaf-vex', 'cve5'] as const;
const SOURCES = ['ghsa', 'osv', 'cve', 'text'] as const;
/** The formats that speak of product versions (`--fixed-in`). */
const VEX_FORMATS: readonly string[] = ['openvex', 'csaf-vex', 'cve5'];

interface Options {
  from?: string;
  model: string;
  format?: string;
  received?: string;
  output?: string;
  interactive?: boolean;
  fixedIn?: string;
  govulncheck?: string;
}

export function register(program: Command): void {
  const cmd = program
    .command('triage')
    .description(summaryOf('triage'))
    .argument('[report]', 'VulnerabilityReport (YAML/JSON); a GHSA/OSV/CVE JSON 5 record or a text/Markdown report with --from; "-" reads stdin')
    .option('--from <kind>', `the input is an advisory or a report as received, to propose facts from: ${SOURCES.join('|')}`)
    .option('--govulncheck <file>', 'govulncheck -json output for the Knative module: decides whether the vulnerable code of a dependency is reached')
    .option('--model <model>', 'knative-2021 | knative-2025 | all | a model FILE', DEFAULT_MODEL);
  formatOption(cmd, FORMATS, 'text');
  outputOption(cmd)
    .option('--received <date>', 'day the report was received, YYYY-MM-DD (default: today)')
    .option('--interactive', 'ask the missing facts in the terminal, then show the result (with --format report: save the answers as a VulnerabilityReport)')
    .option('--fixed-in <version>', 'first Go module version with the fix, for openvex|csaf-vex|cve5 (e.g. v0.39.0 = Knative 1.12)')
    .action(
      action(async (file: string | undefined, opts: Options) => {
        const format = formatFor('triage', opts, FORMATS, 'text');
        const fixedIn = parseFixedIn(opts.fixedIn);
        if (fixedIn && !VEX_FORMATS.includes(format)) throw new UsageError(`--fixed-in applies to --format ${VEX_FORMATS.join('|')}, not ${format}`);
        const from = opts.from === undefined ? undefined : oneOf('--from', opts.from, SOURCES);
        const received = parseReceived(opts.received);
        if (!file && !opts.interactive) throw new UsageError('give a report file (or "-" for stdin), or --interactive');
        if (file === '-' && opts.interactive) throw new UsageError('--interactive reads answers from stdin, so the report cannot come from stdin too');
        const models = await loadModels(opts.model);

        let report: DraftReport = { apiVersion: 'ktm/v1', kind: 'VulnerabilityReport', metadata: { title: '', references: [] }, spec: {} };
        let locate: (p: string[]) => { line: number; column: number } | undefined = () => undefined;
        let proposals: FactProposal[] | undefined;
        // Messages name stdin "<stdin>", as the other commands do.
        const source = file === undefined ? '<interactive>' : file === '-' ? '<stdin>' : file;
        if (file && from === 'text') {
          const { importText } = await import('../triage/import.js');
          ({ draft: report, proposals } = importText(readInputText(file), models));
        } else if (file) {
          const doc = singleDocument(parseDocuments(readInputText(file), source), source);
          locate = (p) => doc.locate(p);
          if (from && from !== 'text') {
            const { importWithEvidence } = await import('../triage/import.js');
            ({ draft: report, proposals } = importWithEvidence(doc, from, models, source));
          } else report = validateDocument(VulnerabilityReportSchema, doc, source, 'VulnerabilityReport');
        }
        if (opts.govulncheck !== undefined) proposals = [...(proposals ?? []), await applyGovulncheck(report, opts.govulncheck)];
        const notes: string[] = [];
        const note = (n: string | undefined) => n && notes.push(n);
        note(checkComponents(report, models, source, locate));
        if (opts.interactive) {
          const [{ Readable }, { askInteractively }] = await Promise.all([import('node:stream'), import('../triage/interactive.js')]);
          const injected = process.env.KTM_STDIN_TEXT;
          const input = injected !== undefined ? Readable.from([injected]) : process.stdin;
          report = await askInteractively(report, models, { input, output: process.stderr });
          note(checkComponents(report, models, '<stdin>'));
        }
        for (const n of notes) process.stderr.write(`ktm: note: ${n}\n`);

        const output = triage(report, models, { received, ...(proposals ? { proposals } : {}) });
        if (format === 'ghsa' || format === 'osv') {
          // A draft is still useful to file a declined report, but nobody should publish it by mistake.
          const notVuln = output.results.filter((r) => r.verdict !== 'vulnerability').map((r) => `${r.model}: ${r.verdict}`);
          if (notVuln.length > 0) process.stderr.write(`ktm: warning: this advisory draft is for a report that is not a vulnerability under ${notVuln.join(', ')}\n`);
        }
        if (format === 'cve5') {
          const problem = (await import('../render/cve5.js')).cve5Problem(output);
          if (problem) throw new UsageError(problem);
        }
        const input: JudgedInput = { sources: [source], models: judgedModels(models) };
        writeOutput(await render(format, output, models, { fixedIn }, input), opts.output);
        return 0;
      }),
    );
}

async function render(
  format: (typeof FORMATS)[number],
  output: ReturnType<typeof triage>,
  models: ThreatModel[],
  vex: VexOptions,
  input: JudgedInput,
): Promise<string> {
  switch (format) {
    case 'openvex':
      return (await import('../render/openvex.js')).renderOpenVex(output, models, vex);
    case 'csaf-vex':
      return (await import('../render/csaf-vex.js')).renderCsafVex(output, models, vex);
    case 'cve5':
      return (await import('../render/cve5.js')).renderCve5(output, models, vex);
    case 'json':
      return (await import('../render/triage-json.js')).renderTriageJson(output, input);
    case 'md':
      return (await import('../render/triage-markdown.js')).renderMarkdown(output);
    case 'ghsa':
    case 'osv': {
      const [{ renderGhsa, renderOsv }, { sortKeys }] = await Promise.all([import('../render/triage-advisory.js'), import('../render/triage-json.js')]);
      return JSON.stringify(sortKeys(format === 'ghsa' ? renderGhsa(output, models) : renderOsv(output, models)), null, 2);
    }
    case 'reply':
      return (await import('../render/triage-reply.js')).renderReply(output);
    case 'report':
      // The YAML writer (eemeli/yaml, ~60 ms to load) comes with this renderer.
      return (await import('../render/triage-report.js')).renderReportYaml(output);
    default:
      return renderTriageText(output);
  }
}

/**
 * Makes the report a dependency report whose reachability govulncheck decides: the advisory is the report's (its id
 * and the dependency's advisory), the module the one the report or govulncheck names. A report that named the
 * dependency's own project as its component ("other") is now about Knative's use of it: the component is asked.
 */
async function applyGovulncheck(report: DraftReport, file: string): Promise<FactProposal> {
  const { parseGovulncheck, reachabilityOf } = await import('../triage/govulncheck.js');
  const name = file === '-' ? '<stdin>' : file;
  const messages = parseGovulncheck(readInputText(file), name);
  const dep = report.spec.dependency ?? {};
  const ids = [report.metadata.id, dep.advisory].filter((x): x is string => !!x);
  const found = reachabilityOf(messages, ids, dep.module, name);
  const module = dep.module ?? found.module;
  if (module === undefined) throw new UsageError(`--govulncheck: ${name} does not say which module the report is about; name it in spec.dependency.module`);
  if (report.spec.component === 'other') delete report.spec.component;
  report.spec.dependency = { ...dep, module, advisory: dep.advisory ?? found.advisory, reachability: found.reachability, evidence: found.evidence };
  if (!report.spec.dependency.advisory) delete report.spec.dependency.advisory;
  return { field: 'spec.dependency.reachability', value: found.reachability, source: 'govulncheck', evidence: found.evidence, confidence: found.reachability === 'unknown' ? 'low' : 'high' };
}

/** Built-in models come validated from the build (src/model/fast-load.ts): no YAML parsing or zod for them. */
async function loadModels(ref: string): Promise<ThreatModel[]> {
  const refs = ref === 'all' ? builtinIds() : [ref];
  const models: ThreatModel[] = [];
  for (const r of refs) models.push(await loadModelFast(r));
  return models;
}

function parseReceived(s: string | undefined): Date | undefined {
  if (s === undefined) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!d || d.toISOString().slice(0, 10) !== s) throw new UsageError(`option --received: "${s}" is not a date YYYY-MM-DD`);
  return d;
}

/** A release version as Go modules tag them (v1.2.3, with an optional pre-release). */
function parseFixedIn(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  if (!/^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(s)) throw new UsageError(`option --fixed-in: "${s}" is not a version like v0.39.0`);
  return s;
}
