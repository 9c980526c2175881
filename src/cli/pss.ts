/**
 * `ktm pss [SOURCE…] [--kubeconfig FILE] [--context NAME] [--level baseline|restricted] [--version v1.N|latest]
 *  [-f table|json|junit] [-n NS]… [--fail-on-violation | --no-fail-on-violation] [-o FILE]`:
 * evaluates every workload's pod template against a Pod Security Standards level (restricted unless told) and version.
 */
import type { Command } from 'commander';
import { action, note, oneOf, writeOutput } from './common.js';
import { summaryOf } from './commands.js';
import { checkNamespacesExist, formatFor, chosenNamespaces, formatOption, namespaceOptions, outputOption } from './output-options.js';
import { judgedInput } from './judged-input.js';
import { EXIT_FINDINGS, EXIT_OK } from '../util/errors.js';
import { loadInventory } from '../k8s/live.js';
import { PSS_LEVELS, parsePolicyVersion } from '../pss/index.js';
import { pssReport } from '../pss/report.js';
import { renderPssJson, renderPssTable } from '../pss/render.js';
import { renderPssJUnit } from '../pss/junit.js';
import { podShapeError } from '../pss/shape.js';

const FORMATS = ['table', 'json', 'junit'] as const;
/** The level the issue and Kubernetes' own guidance recommend for tenant workloads. */
const DEFAULT_LEVEL = 'restricted';

interface PssOptions {
  level?: string;
  version: string;
  format?: string;
  failOnViolation: boolean;
  output?: string;
  kubeconfig?: string;
  context?: string;
  namespace?: string[];
  allNamespaces?: boolean;
}

export function register(program: Command): void {
  const cmd = program
    .command('pss')
    .description(summaryOf('pss'))
    .argument('[sources...]', 'manifest files, folders, or - for standard input')
    .option('--kubeconfig <file>', 'read workloads from a live cluster (read-only) with this kubeconfig')
    .option('--context <name>', 'kubeconfig context to use for the live cluster')
    .option('--level <level>', `Pod Security Standards level: ${PSS_LEVELS.join(' | ')} (default: ${DEFAULT_LEVEL})`)
    .option('--version <version>', 'policy version: v1.N or latest (versions after v1.37 are evaluated as v1.37)', 'latest');
  formatOption(cmd, FORMATS, 'table');
  namespaceOptions(cmd, 'workloads');
  outputOption(cmd)
    .option('--fail-on-violation', 'exit 1 when any object is not allowed (the default)', true)
    .option('--no-fail-on-violation', 'exit 0 even when objects are not allowed (report only)')
    .action(
      action(async (sources: string[], opts: PssOptions) => {
        const level = oneOf('--level', opts.level ?? DEFAULT_LEVEL, PSS_LEVELS);
        const format = formatFor('pss', opts, FORMATS, 'table');
        const namespaces = chosenNamespaces(opts);
        const version = parsePolicyVersion(opts.version);
        // Said once, in text only: JSON and JUnit carry the level themselves.
        if (opts.level === undefined && format === 'table') note('pss', `no --level given: judging against ${DEFAULT_LEVEL}`);
        const inventory = await loadInventory({ sources, kubeconfig: opts.kubeconfig, context: opts.context });
        checkNamespacesExist(namespaces, (ns) => inventory.namespaces.has(ns));
        const workloads = namespaces ? inventory.workloads.filter((w) => namespaces.includes(w.namespace)) : inventory.workloads;
        for (const w of workloads) {
          const err = podShapeError(w);
          if (err) throw err;
        }
        const report = pssReport(workloads, level, version);
        const color = format === 'table' && !opts.output && process.stdout.isTTY === true && !process.env.NO_COLOR;
        const text =
          format === 'json'
            ? renderPssJson(report, judgedInput(sources, opts, namespaces))
            : format === 'junit'
              ? renderPssJUnit(report)
              : renderPssTable(report, { color });
        writeOutput(text, opts.output);
        const rejected = report.entries.some((e) => !e.allowed);
        return rejected && opts.failOnViolation ? EXIT_FINDINGS : EXIT_OK;
      }),
    );
}
