/**
 * `ktm pss [SOURCE…] [--kubeconfig FILE] [--context NAME] --level baseline|restricted [--version v1.N|latest] [--format table|json]
 *  [--fail-on-violation | --no-fail-on-violation] [--output FILE]`:
 * evaluates every workload's pod template against a Pod Security Standards level and version.
 */
import type { Command } from 'commander';
import { action, oneOf, writeOutput } from './common.js';
import { summaryOf } from './commands.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../util/errors.js';
import { loadInventory } from '../k8s/live.js';
import { PSS_LEVELS, parsePolicyVersion } from '../pss/index.js';
import { pssReport } from '../pss/report.js';
import { renderPssJson, renderPssTable } from '../pss/render.js';
import { podShapeError } from '../pss/shape.js';

const FORMATS = ['table', 'json'] as const;

interface PssOptions {
  level?: string;
  version: string;
  format: string;
  failOnViolation: boolean;
  output?: string;
  kubeconfig?: string;
  context?: string;
}

export function register(program: Command): void {
  program
    .command('pss')
    .description(summaryOf('pss'))
    .argument('[sources...]', 'manifest files, folders, or - for standard input')
    .option('--kubeconfig <file>', 'read workloads from a live cluster (read-only) with this kubeconfig')
    .option('--context <name>', 'kubeconfig context to use for the live cluster')
    .option('--level <level>', `Pod Security Standards level: ${PSS_LEVELS.join(' | ')}`)
    .option('--version <version>', 'policy version: v1.N or latest (versions after v1.37 are evaluated as v1.37)', 'latest')
    .option('--format <format>', `output format: ${FORMATS.join(' | ')}`, 'table')
    .option('--fail-on-violation', 'exit 1 when any object is not allowed (the default)', true)
    .option('--no-fail-on-violation', 'exit 0 even when objects are not allowed (report only)')
    .option('-o, --output <file>', 'write the output to a file instead of standard output')
    .action(
      action(async (sources: string[], opts: PssOptions) => {
        if (!opts.level) throw new UsageError(`option --level is required: ${PSS_LEVELS.join(' or ')}`);
        const level = oneOf('--level', opts.level, PSS_LEVELS);
        const format = oneOf('--format', opts.format, FORMATS);
        const version = parsePolicyVersion(opts.version);
        const inventory = await loadInventory({ sources, kubeconfig: opts.kubeconfig, context: opts.context });
        for (const w of inventory.workloads) {
          const err = podShapeError(w);
          if (err) throw err;
        }
        const report = pssReport(inventory.workloads, level, version);
        const color = format === 'table' && !opts.output && process.stdout.isTTY === true && !process.env.NO_COLOR;
        writeOutput(format === 'json' ? renderPssJson(report) : renderPssTable(report, { color }), opts.output);
        const rejected = report.entries.some((e) => !e.allowed);
        return rejected && opts.failOnViolation ? EXIT_FINDINGS : EXIT_OK;
      }),
    );
}
