/**
 * `ktm reach SOURCE… [-f connlist|matrix|json|dot|svg|csv|sparse|jsonl|summary] [--from NS[/WORKLOAD]] [--to NS[/WORKLOAD]]
 *  [-n NS]… [--explain] [--no-knative-hops] [--cni NAME] [--kubeconfig FILE] [--context NAME] [-o FILE]`:
 * who can reach whom, by NetworkPolicy/ANP/BANP and through Knative's shared hops.
 * `ktm reach diff BEFORE… -- AFTER…`: what a change does to that.
 */
import type { Command } from 'commander';
import { action, cniOption, CNI_OPTION, oneOf, writeOutput } from './common.js';
import { detectCni } from '../k8s/cni.js';
import { isSystemNamespace } from '../k8s/system-namespaces.js';
import { namespaceLabellersOf } from '../audit/rbac/namespace-labellers.js';
import { summaryOf } from './commands.js';
import { checkNamespacesExist, formatFor, formatsOfExtension, chosenNamespaces, formatOption, namespaceOptions, outputOption } from './output-options.js';
import { judgedInput } from './judged-input.js';
import { EXIT_OK, UsageError } from '../util/errors.js';
import { loadInventory } from '../k8s/live.js';
import { analyzeReachability } from '../netpol/index.js';
import { listConnections, type PeerRef } from '../netpol/connections.js';
import { writeFileSync } from 'node:fs';
import type { ReachPath } from '../netpol/knative-hops.js';
import { hubPaths } from '../netpol/hub-paths.js';
import { diffReach, reachRows } from '../netpol/diff.js';
import { renderReachDiffCsv, renderReachDiffJson, renderReachDiffMarkdown, renderReachDiffText } from '../render/reach-diff.js';
import { renderConnlist, renderExplainJson, renderExplainText, renderPathLines } from '../render/connlist.js';
import { writeMatrixDot, writeMatrixSvg, writeMatrixText, writeReachJson } from '../render/reach-matrix.js';
import { writeMatrixCsv, writeSparseJsonl, writeSparseText, writeSummary } from '../render/reach-views.js';
import { openOutputStream } from './output-stream.js';

const FORMATS = ['connlist', 'matrix', 'json', 'dot', 'svg', 'csv', 'sparse', 'jsonl', 'summary'] as const;
/** Beyond this many namespaces a full matrix is unreadable: without --format, the summary is shown instead. */
export const SUMMARY_BEYOND_NAMESPACES = 100;
/** Beyond this many workloads a full pair list is millions of lines (and gigabytes): the matrix is the answer there. */
const DEFAULT_MAX_WORKLOADS = 2000;

interface ReachOptions {
  format?: string;
  namespace?: string[];
  allNamespaces?: boolean;
  from?: string;
  to?: string;
  explain?: boolean;
  knativeHops: boolean;
  output?: string;
  kubeconfig?: string;
  context?: string;
  maxWorkloads: string;
  cni?: string;
}

/** `NS` or `NS/WORKLOAD` → a filter over peers (IP peers never pass a filter). */
function peerFilter(spec: string | undefined, option: string): ((p: PeerRef) => boolean) | undefined {
  if (spec === undefined) return undefined;
  const m = /^([^/\s]+)(?:\/([^/\s]+))?$/.exec(spec);
  if (!m) throw new UsageError(`option ${option}: expected NAMESPACE or NAMESPACE/WORKLOAD, got "${spec}"`);
  const [, ns, name] = m;
  return (p) => p.kind === 'workload' && p.workload.namespace === ns && (name === undefined || p.workload.name === name);
}

/** Both filters when both are given (a connection must pass each). */
function both(a: PeerFilter | undefined, b: PeerFilter | undefined): PeerFilter | undefined {
  return a && b ? (p) => a(p) && b(p) : a ?? b;
}
type PeerFilter = (p: PeerRef) => boolean;

export function register(program: Command): void {
  const cmd = program
    .command('reach')
    .description(summaryOf('reach'))
    .argument('[sources...]', 'manifest files, folders, or - for standard input');
  formatOption(cmd, FORMATS, `connlist; summary beyond ${SUMMARY_BEYOND_NAMESPACES} namespaces`);
  // -n narrows both ends (the sub-matrix of those namespaces); --from/--to narrow one end each.
  namespaceOptions(cmd, 'connections between workloads')
    .option('--from <ns[/workload]>', 'only connections from this namespace or workload')
    .option('--to <ns[/workload]>', 'only connections to this namespace or workload')
    .option('--explain', 'for one pair (needs --from and --to): which policies allowed or denied each hop')
    .option('--no-knative-hops', 'plain NetworkPolicy reachability: no activator/gateway/broker hops')
    .option(CNI_OPTION.flags, CNI_OPTION.description)
    .option('--kubeconfig <file>', 'read a live cluster (read-only) with this kubeconfig')
    .option('--context <name>', 'kubeconfig context to use for the live cluster');
  outputOption(cmd)
    .option('--max-workloads <n>', 'connlist and json list every pair of workloads: refuse beyond this many (use matrix, or --from/--to)', String(DEFAULT_MAX_WORKLOADS))
    .action(
      action(async (sources: string[], opts: ReachOptions) => {
        // No --format and no extension of -o that chooses one: the view may depend on the cluster's size (below).
        const formatGiven = opts.format !== undefined || (opts.output !== undefined && formatsOfExtension(opts.output).length > 0);
        let format = formatFor('reach', opts, FORMATS, 'connlist');
        const namespaces = chosenNamespaces(opts);
        const inScope = (ns: string) => namespaces === undefined || namespaces.includes(ns);
        const scopeFilter: PeerFilter | undefined = namespaces && ((p) => p.kind === 'workload' && inScope(p.workload.namespace));
        const fromFilter = both(peerFilter(opts.from, '--from'), scopeFilter);
        const toFilter = both(peerFilter(opts.to, '--to'), scopeFilter);
        if (opts.explain && (!opts.from || !opts.to)) throw new UsageError('--explain needs both --from and --to');
        if (opts.explain && format !== 'connlist' && format !== 'json') {
          throw new UsageError('--explain prints text (default) or json; use --format json for machine output');
        }
        const { cni } = cniOption(opts.cni);
        const maxWorkloads = Number(opts.maxWorkloads);
        if (!Number.isInteger(maxWorkloads) || maxWorkloads < 1) throw new UsageError(`option --max-workloads: "${opts.maxWorkloads}" is not a positive whole number`);
        const inv = await loadInventory({ sources, kubeconfig: opts.kubeconfig, context: opts.context });
        checkNamespacesExist(namespaces, (ns) => inv.namespaces.has(ns));
        const input = judgedInput(sources, opts, namespaces);
        const namespacesShown = namespaces?.length ?? inv.namespaces.size;
        if (!formatGiven && !opts.explain && !opts.from && !opts.to && namespacesShown > SUMMARY_BEYOND_NAMESPACES) {
          format = 'summary';
          process.stderr.write(
            `ktm: note: ${namespacesShown} namespaces, too many for a readable matrix: showing the summary (who reaches each namespace); ` +
              '--format matrix|sparse|jsonl|csv for the pairs\n',
          );
        }
        // A filter that names nothing in the input is a mistake, not an empty answer.
        for (const [option, spec] of [['--from', opts.from], ['--to', opts.to]] as const) {
          if (!spec) continue;
          const [ns, name] = spec.split('/');
          if (!inv.namespaces.has(ns)) throw new UsageError(`option ${option}: no namespace "${ns}" in the input`);
          if (name && !inv.workloads.some((w) => w.namespace === ns && w.name === name)) {
            throw new UsageError(`option ${option}: no workload "${name}" in namespace "${ns}" (workloads there: ${inv.workloads.filter((w) => w.namespace === ns).map((w) => w.name).sort().join(', ') || 'none'})`);
          }
        }
        const workloadsInScope = namespaces ? inv.workloads.filter((w) => inScope(w.namespace)).length : inv.workloads.length;
        if ((format === 'connlist' || format === 'json') && !opts.explain && !opts.from && !opts.to && workloadsInScope > maxWorkloads) {
          throw new UsageError(
            `--format ${format} lists every pair of workloads, and the input has ${workloadsInScope} (up to ${workloadsInScope ** 2} pairs): ` +
              'use --format matrix|svg|dot for the namespace view, narrow with --from/--to, or raise --max-workloads',
          );
        }
        const result = analyzeReachability(inv, {
          knativeHops: opts.knativeHops,
          cni: detectCni(inv, cni),
          namespaceLabellers: namespaceLabellersOf(inv, (ns) => ns !== undefined && !isSystemNamespace(ns)),
        });
        for (const w of result.warnings) process.stderr.write(`ktm: warning: ${w}\n`);

        if (opts.explain) {
          const e = result.explain(opts.from!, opts.to!);
          writeOutput(format === 'json' ? renderExplainJson(e, input) : renderExplainText(e), opts.output);
          return EXIT_OK;
        }

        const nsOf = (spec?: string) => spec?.split('/')[0];
        const allNs = result.engine.index.namespaces.map((n) => n.name);
        const hubPathList = (): ReachPath[] =>
          hubPaths(result, {
            fromNs: (nsOf(opts.from) ? [nsOf(opts.from)!] : allNs).filter(inScope),
            toNs: (nsOf(opts.to) ? [nsOf(opts.to)!] : allNs).filter(inScope),
            fromFilter,
            toFilter,
          });
        const matrix = () => {
          if (!opts.from && !opts.to && !namespaces) return result.namespaceMatrix();
          // Restrict the table to the namespaces named by --from/--to and -n (rows and columns stay square).
          const named = [nsOf(opts.from), nsOf(opts.to)].filter((x): x is string => !!x);
          const keep = named.length > 0 ? [...new Set(named)] : allNs;
          return result.namespaceMatrix(keep.filter(inScope));
        };

        if (format === 'connlist') {
          // Bounded by --max-workloads (or narrowed by --from/--to): one string is fine here.
          const conns = fromFilter || toFilter ? listConnections(result.engine, { fromFilter, toFilter }) : result.connections();
          const text = renderConnlist(conns) + renderPathLines(hubPathList());
          if (text === '') {
            // No allowed connection: print nothing (the peer suite's output for that case), say so on stderr.
            if (opts.output && opts.output !== '-') writeFileSync(opts.output, '');
            process.stderr.write('ktm: no allowed connections\n');
            return EXIT_OK;
          }
          writeOutput(text, opts.output);
          return EXIT_OK;
        }
        // Every other format has a row per namespace: written as computed, never as one string.
        const m = matrix();
        const out = openOutputStream(opts.output);
        try {
          if (format === 'matrix') writeMatrixText(m, out);
          else if (format === 'svg') writeMatrixSvg(m, out);
          else if (format === 'dot') writeMatrixDot(m, out);
          else if (format === 'csv') writeMatrixCsv(m, out);
          else if (format === 'sparse') writeSparseText(m, out);
          else if (format === 'jsonl') writeSparseJsonl(m, out);
          else if (format === 'summary') writeSummary(m, out);
          else {
            writeReachJson(
              {
                connections: fromFilter || toFilter ? listConnections(result.engine, { fromFilter, toFilter }) : result.connections(),
                paths: hubPathList(),
                matrix: m,
                facts: result.hops ? result.facts() : [],
                warnings: result.warnings,
                knativeHops: result.hops !== undefined,
                input,
              },
              out,
            );
          }
        } finally {
          out.close({ ensureNewline: true });
        }
        return EXIT_OK;
      }),
    );
  registerDiff(cmd);
}

const DIFF_FORMATS = ['txt', 'md', 'json', 'csv'] as const;

interface DiffOptions {
  format: string;
  knativeHops: boolean;
  output?: string;
}

/**
 * `ktm reach diff BEFORE… -- AFTER…` (or `ktm reach diff BEFORE AFTER` for two files or folders): connections and hub
 * paths added, removed and changed. Options go before `--`: everything after it is an AFTER source.
 */
function registerDiff(reach: Command): void {
  reach
    .command('diff')
    .description('What a change does to reachability: connections and Knative hub paths added, removed and changed')
    .argument('<sources...>', 'BEFORE AFTER (two files or folders), or BEFORE… -- AFTER… (options before --)')
    .option('-f, --format <format>', `output format: ${DIFF_FORMATS.join(' | ')}`, 'txt')
    .option('--no-knative-hops', 'plain NetworkPolicy reachability: no activator/gateway/broker hops')
    .option('-o, --output <file>', 'write the output to a file instead of standard output')
    .action(
      action(async (operands: string[], opts: DiffOptions, cmd: Command) => {
        const format = oneOf('--format', opts.format, DIFF_FORMATS);
        const { before, after } = splitSides(operands, rawArgsOf(cmd));
        const warnings = new Set<string>();
        const rowsOf = async (sources: string[]) => {
          const inv = await loadInventory({ sources });
          const result = analyzeReachability(inv, { knativeHops: opts.knativeHops, cni: detectCni(inv) });
          for (const w of result.warnings) warnings.add(w);
          return reachRows(result);
        };
        const report = { before, after, knativeHops: opts.knativeHops, changes: diffReach(await rowsOf(before), await rowsOf(after)) };
        // Said once when both sides share it (the usual case: the same cluster before and after a change).
        for (const w of warnings) process.stderr.write(`ktm: warning: ${w}\n`);
        const render = { txt: renderReachDiffText, md: renderReachDiffMarkdown, json: renderReachDiffJson, csv: renderReachDiffCsv }[format];
        writeOutput(render(report), opts.output);
        return EXIT_OK;
      }),
    );
}

/** The arguments the program was parsed from (commander keeps them on the root as `rawArgs`, untyped). */
function rawArgsOf(cmd: Command): readonly string[] {
  let c = cmd;
  while (c.parent) c = c.parent;
  return (c as unknown as { rawArgs?: string[] }).rawArgs ?? [];
}

/**
 * commander hands every operand over as one list and drops `--`, after which it parses nothing: the operands after
 * the first `--` of the raw arguments are exactly the last ones of that list.
 */
export function splitSides(operands: string[], rawArgs: readonly string[]): { before: string[]; after: string[] } {
  const dash = rawArgs.indexOf('--');
  if (dash < 0) {
    if (operands.length !== 2) throw new UsageError(`expected BEFORE AFTER or BEFORE… -- AFTER…, got ${operands.length} source(s) and no --`);
    return { before: [operands[0]], after: [operands[1]] };
  }
  const afterCount = rawArgs.length - dash - 1;
  const before = operands.slice(0, operands.length - afterCount);
  const after = operands.slice(operands.length - afterCount);
  if (before.length === 0 || after.length === 0) throw new UsageError('name at least one source on each side of --');
  const stray = after.find((a) => a.startsWith('-') && a !== '-');
  if (stray) throw new UsageError(`"${stray}" after -- is read as a source; put options before --`);
  return { before, after };
}

