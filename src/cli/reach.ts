/**
 * `ktm reach SOURCE… [--format connlist|matrix|json|dot|svg] [--from NS[/WORKLOAD]] [--to NS[/WORKLOAD]]
 *  [--explain] [--no-knative-hops] [--kubeconfig FILE] [--context NAME] [--output FILE]`:
 * who can reach whom, by NetworkPolicy/ANP/BANP and through Knative's shared hops.
 */
import type { Command } from 'commander';
import { action, oneOf, writeOutput } from './common.js';
import { EXIT_OK, UsageError } from '../util/errors.js';
import { loadInventory } from '../k8s/live.js';
import { analyzeReachability } from '../netpol/index.js';
import { listConnections, type PeerRef } from '../netpol/connections.js';
import { writeFileSync } from 'node:fs';
import type { ReachPath } from '../netpol/knative-hops.js';
import { renderConnlist, renderExplainJson, renderExplainText, renderPathLines } from '../render/connlist.js';
import { renderMatrixDot, renderMatrixSvg, renderMatrixText, renderReachJson } from '../render/reach-matrix.js';

const FORMATS = ['connlist', 'matrix', 'json', 'dot', 'svg'] as const;
/** Beyond this many workloads a full pair list is millions of lines (and gigabytes): the matrix is the answer there. */
const DEFAULT_MAX_WORKLOADS = 2000;

interface ReachOptions {
  format: string;
  from?: string;
  to?: string;
  explain?: boolean;
  knativeHops: boolean;
  output?: string;
  kubeconfig?: string;
  context?: string;
  maxWorkloads: string;
}

/** `NS` or `NS/WORKLOAD` → a filter over peers (IP peers never pass a filter). */
function peerFilter(spec: string | undefined, option: string): ((p: PeerRef) => boolean) | undefined {
  if (spec === undefined) return undefined;
  const m = /^([^/\s]+)(?:\/([^/\s]+))?$/.exec(spec);
  if (!m) throw new UsageError(`option ${option}: expected NAMESPACE or NAMESPACE/WORKLOAD, got "${spec}"`);
  const [, ns, name] = m;
  return (p) => p.kind === 'workload' && p.workload.namespace === ns && (name === undefined || p.workload.name === name);
}

export function register(program: Command): void {
  program
    .command('reach')
    .description('Who can reach whom: NetworkPolicy/AdminNetworkPolicy reachability plus Knative shared hops')
    .argument('[sources...]', 'manifest files, folders, or - for standard input')
    .option('--format <format>', `output format: ${FORMATS.join(' | ')}`, 'connlist')
    .option('--from <ns[/workload]>', 'only connections from this namespace or workload')
    .option('--to <ns[/workload]>', 'only connections to this namespace or workload')
    .option('--explain', 'for one pair (needs --from and --to): which policies allowed or denied each hop')
    .option('--no-knative-hops', 'plain NetworkPolicy reachability: no activator/gateway/broker hops')
    .option('--kubeconfig <file>', 'read a live cluster (read-only) with this kubeconfig')
    .option('--context <name>', 'kubeconfig context to use for the live cluster')
    .option('-o, --output <file>', 'write the output to a file instead of standard output')
    .option('--max-workloads <n>', 'connlist and json list every pair of workloads: refuse beyond this many (use matrix, or --from/--to)', String(DEFAULT_MAX_WORKLOADS))
    .action(
      action(async (sources: string[], opts: ReachOptions) => {
        const format = oneOf('--format', opts.format, FORMATS);
        const fromFilter = peerFilter(opts.from, '--from');
        const toFilter = peerFilter(opts.to, '--to');
        if (opts.explain && (!opts.from || !opts.to)) throw new UsageError('--explain needs both --from and --to');
        if (opts.explain && format !== 'connlist' && format !== 'json') {
          throw new UsageError('--explain prints text (default) or json; use --format json for machine output');
        }
        const maxWorkloads = Number(opts.maxWorkloads);
        if (!Number.isInteger(maxWorkloads) || maxWorkloads < 1) throw new UsageError(`option --max-workloads: "${opts.maxWorkloads}" is not a positive whole number`);
        const inv = await loadInventory({ sources, kubeconfig: opts.kubeconfig, context: opts.context });
        // A filter that names nothing in the input is a mistake, not an empty answer.
        for (const [option, spec] of [['--from', opts.from], ['--to', opts.to]] as const) {
          if (!spec) continue;
          const [ns, name] = spec.split('/');
          if (!inv.namespaces.has(ns)) throw new UsageError(`option ${option}: no namespace "${ns}" in the input`);
          if (name && !inv.workloads.some((w) => w.namespace === ns && w.name === name)) {
            throw new UsageError(`option ${option}: no workload "${name}" in namespace "${ns}" (workloads there: ${inv.workloads.filter((w) => w.namespace === ns).map((w) => w.name).sort().join(', ') || 'none'})`);
          }
        }
        if ((format === 'connlist' || format === 'json') && !opts.explain && !opts.from && !opts.to && inv.workloads.length > maxWorkloads) {
          throw new UsageError(
            `--format ${format} lists every pair of workloads, and the input has ${inv.workloads.length} (up to ${inv.workloads.length ** 2} pairs): ` +
              'use --format matrix|svg|dot for the namespace view, narrow with --from/--to, or raise --max-workloads',
          );
        }
        const result = analyzeReachability(inv, { knativeHops: opts.knativeHops });
        for (const w of result.warnings) process.stderr.write(`ktm: warning: ${w}\n`);

        if (opts.explain) {
          const e = result.explain(opts.from!, opts.to!);
          writeOutput(format === 'json' ? renderExplainJson(e) : renderExplainText(e), opts.output);
          return EXIT_OK;
        }

        const nsOf = (spec?: string) => spec?.split('/')[0];
        const allNs = result.engine.index.namespaces.map((n) => n.name);
        const hubPaths = (): ReachPath[] => {
          if (!result.hops) return [];
          const fromNs = nsOf(opts.from) ? [nsOf(opts.from)!] : allNs;
          const toNs = nsOf(opts.to) ? [nsOf(opts.to)!] : allNs;
          const out: ReachPath[] = [];
          for (const a of fromNs) {
            for (const b of toNs) {
              for (const p of result.hops.paths(a, b)) {
                // A workload reaching itself through a hub says nothing (connlist never pairs a peer with itself).
                if (p.from === p.to) continue;
                if (fromFilter && !fromFilter({ kind: 'workload', workload: p.from })) continue;
                if (toFilter && !toFilter({ kind: 'workload', workload: p.to })) continue;
                out.push(p);
              }
            }
          }
          return out;
        };
        const matrix = () => {
          const m = result.namespaceMatrix();
          if (!opts.from && !opts.to) return m;
          // Restrict the table to the namespaces named by --from/--to (rows and columns stay square).
          const keep = [nsOf(opts.from), nsOf(opts.to)].filter((x): x is string => !!x);
          return { namespaces: [...new Set(keep)].sort(), cell: m.cell, kinds: m.kinds };
        };

        let text: string;
        if (format === 'connlist') {
          const conns = fromFilter || toFilter ? listConnections(result.engine, { fromFilter, toFilter }) : result.connections();
          text = renderConnlist(conns) + renderPathLines(hubPaths());
        } else if (format === 'matrix') text = renderMatrixText(matrix());
        else if (format === 'svg') text = renderMatrixSvg(matrix());
        else if (format === 'dot') text = renderMatrixDot(matrix());
        else {
          text = renderReachJson({
            connections: fromFilter || toFilter ? listConnections(result.engine, { fromFilter, toFilter }) : result.connections(),
            paths: hubPaths(),
            matrix: matrix(),
            facts: result.hops ? result.facts() : [],
            warnings: result.warnings,
            knativeHops: result.hops !== undefined,
          });
        }
        if (text === '') {
          // No allowed connection: print nothing (the peer suite's output for that case), say so on stderr.
          if (opts.output && opts.output !== '-') writeFileSync(opts.output, '');
          process.stderr.write('ktm: no allowed connections\n');
          return EXIT_OK;
        }
        writeOutput(text, opts.output);
        return EXIT_OK;
      }),
    );
}
