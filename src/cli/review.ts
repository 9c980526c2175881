/**
 * `ktm review DESIGN [--model ID|FILE|all] [--format md|json] [--diagram FILE] [--output FILE] [--fail-on SEV]`
 * `ktm review --init [FILE]` writes a commented FeatureDesign skeleton (to standard output without FILE).
 * Reviews a FeatureDesign against the threat model(s): the threat delta as a pull-request comment or JSON,
 * and optionally a before/after data-flow diagram.
 */
import type { Command } from 'commander';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { builtinModelPath, listBuiltinModels, loadModel } from '../model/loader.js';
import { renderReviewDiagram } from '../render/review-diagram.js';
import { renderReviewJson } from '../render/review-json.js';
import { renderReviewMarkdown } from '../render/review-md.js';
import { clauseLookup } from '../review/citations.js';
import { loadDesign } from '../review/design.js';
import { DESIGN_SKELETON } from '../review/skeleton.js';
import { changedModels, reviewAgainst } from '../review/review.js';
import { severityRank, type Finding } from '../review/result.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../util/errors.js';
import { action, oneOf, writeOutput } from './common.js';
import { summaryOf } from './commands.js';
import { formatFor, formatOption, outputOption } from './output-options.js';
import { judgedModels } from './judged-input.js';

const FORMATS = ['md', 'json'] as const;
const FAIL_ON = ['low', 'moderate', 'high', 'critical', 'none'] as const;

interface ReviewCliOptions {
  model?: string;
  format?: string;
  diagram?: string;
  output?: string;
  failOn: string;
  init?: boolean;
}

export function register(program: Command): void {
  const cmd = program
    .command('review')
    .description(summaryOf('review'))
    .argument('[design]', 'FeatureDesign file (YAML or JSON), or - for standard input; with --init, the file to create')
    .option('--init', 'write a commented FeatureDesign skeleton to DESIGN (or standard output) and stop')
    .option('--model <ref>', "threat model: a built-in id, a model FILE, or all (default: the design's `model`)");
  formatOption(cmd, FORMATS, 'md');
  outputOption(cmd, 'write the review to this file instead of standard output (its extension chooses the format)')
    .option('--diagram <file>', 'also write a before/after data-flow diagram (SVG) to this file')
    .option('--fail-on <severity>', `exit 1 when an unmitigated finding is at or above: ${FAIL_ON.join(' | ')}`, 'moderate')
    .action(
      action(async (designFile: string | undefined, opts: ReviewCliOptions) => {
        if (opts.init) {
          if (designFile === undefined || designFile === '-') {
            writeOutput(DESIGN_SKELETON, undefined);
          } else {
            if (existsSync(designFile)) throw new UsageError(`--init: "${designFile}" exists; choose a new file name`);
            writeFileSync(designFile, DESIGN_SKELETON);
          }
          return EXIT_OK;
        }
        if (designFile === undefined) throw new UsageError("missing required argument 'design'");
        const format = formatFor('review', opts, FORMATS, 'md');
        const failOn = oneOf('--fail-on', opts.failOn, FAIL_ON);
        if (opts.diagram !== undefined && !opts.diagram.toLowerCase().endsWith('.svg')) {
          throw new UsageError(`option --diagram: "${opts.diagram}" must name an .svg file`);
        }
        const loaded = loadDesign(designFile);
        const ref = opts.model ?? modelRelativeToDesign(loaded.design.model, designFile);
        const models = ref === 'all' ? listBuiltinModels().map((m) => loadModel(m.id)) : [loadModel(ref)];
        const result = reviewAgainst(models, loaded);

        writeOutput(format === 'json' ? renderReviewJson(result, { sources: [designFile === '-' ? '<stdin>' : designFile], models: judgedModels(models) }) : renderReviewMarkdown(result, clauseLookup(models)), opts.output);
        if (opts.diagram) {
          const { before, after, highlight } = changedModels(models[0], loaded);
          const svg = await renderReviewDiagram({ before, after, highlight, tenancy: 'namespace', title: loaded.design.name });
          writeFileSync(opts.diagram, svg);
        }
        if (failOn === 'none') return EXIT_OK;
        const failing = (f: Finding) => f.status !== 'mitigated' && severityRank(f.severity) >= severityRank(failOn);
        return result.reviews.some((r) => r.findings.some(failing)) ? EXIT_FINDINGS : EXIT_OK;
      }),
    );
}

/** A design's `model:` that is a path is relative to the design file, not to the working directory. */
function modelRelativeToDesign(ref: string, designFile: string): string {
  if (ref === 'all' || builtinModelPath(ref) || designFile === '-') return ref;
  const beside = resolve(dirname(designFile), ref);
  return existsSync(beside) ? beside : ref;
}
