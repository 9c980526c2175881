/**
 * `ktm model …`: list, show, validate, diff, diagram and schema of threat models. Wiring only: the loader, the diff
 * engine and the renderers do the work. Models come through src/model/fast-load.ts, so `ktm model list` reads the
 * built-in models as validated at build time, without zod or the YAML parser.
 */
import type { Command } from 'commander';
import { action, oneOf, writeOutput } from './common.js';
import { summaryOf } from './commands.js';
import { checkOutputName, chooseFormat, formatFor, formatOption, outputOption } from './output-options.js';
import { withEnvelope } from '../render/json-envelope.js';
import { judgedModels } from './judged-input.js';
import { UsageError } from '../util/errors.js';
import { DEFAULT_MODEL } from '../model/builtin-models.js';
import { listBuiltinModelsFast, loadModelFast } from '../model/fast-load.js';
import { diffModels } from '../model/diff.js';
import { stableStringify } from '../model/stable-json.js';
import { TENANCY_MODELS } from '../model/tenancy.js';
import { renderDiffMarkdown, renderModelMarkdown } from '../render/model-markdown.js';
import { DIAGRAM_FORMATS, renderDiagram } from '../render/diagram.js';

export function register(program: Command): void {
  const model = program
    .command('model')
    .description(summaryOf('model'));

  formatOption(model.command('list').description('List the built-in threat models.'), ['text', 'json'], 'text')
    .action(
      action(async (opts: { format?: string }) => {
        const { format } = chooseFormat(opts, ['text', 'json'] as const, 'text');
        const models = await listBuiltinModelsFast();
        if (format === 'json') {
          writeOutput(stableStringify(withEnvelope('ModelList', {}, { models }), 2));
          return;
        }
        const width = Math.max(...models.map((m) => m.id.length));
        const lines = models.map(
          (m) => `${m.id.padEnd(width)}  ${m.status.padEnd(9)}  ${m.version.padEnd(10)}  ${m.title}${m.id === DEFAULT_MODEL ? ' (default)' : ''}`,
        );
        writeOutput(lines.join('\n'));
      }),
    );

  const show = model.command('show').description('Print a threat model.').argument('[model]', 'built-in model id or model file', DEFAULT_MODEL);
  outputOption(formatOption(show, ['md', 'json', 'yaml'], 'md'))
    .action(
      action(async (ref: string, opts: { format?: string; output?: string }) => {
        const format = formatFor('model show', opts, ['md', 'json', 'yaml'] as const, 'md');
        const m = await loadModelFast(ref);
        // The YAML writer is loaded only for this format: `ktm model list` should not pay for it.
        const toYaml = format === 'yaml' ? (await import('yaml')).stringify : undefined;
        const text = format === 'md' ? renderModelMarkdown(m) : format === 'json' ? JSON.stringify(m, null, 2) : toYaml!(m, { lineWidth: 0 });
        writeOutput(text, opts.output);
      }),
    );

  const validate = model
    .command('validate')
    .description('Check a model file: shape, overlay resolution and references. Exit 2 with file:line:col on a problem.')
    .argument('<file>', 'model file (YAML or JSON; - for stdin)');
  formatOption(validate, ['text', 'json'], 'text')
    .action(
      action(async (file: string, opts: { format?: string }) => {
        const { format } = chooseFormat(opts, ['text', 'json'] as const, 'text');
        const m = await loadModelFast(file);
        const counts = {
          clauses: m.clauses.length,
          actors: m.actors.length,
          components: m.components.length,
          dataFlows: m.dataFlows.length,
          trustBoundaries: m.trustBoundaries.length,
        };
        if (format === 'json') {
          writeOutput(stableStringify(withEnvelope('ModelValidation', { sources: [file], models: judgedModels([m]) }, { file, valid: true, id: m.metadata.id, counts }), 2));
        } else {
          writeOutput(
            `${file}: valid threat model ${m.metadata.id} (${counts.clauses} clauses, ${counts.actors} actors, ` +
              `${counts.components} components, ${counts.dataFlows} data flows, ${counts.trustBoundaries} trust boundaries)`,
          );
        }
      }),
    );

  const diff = model
    .command('diff')
    .description('What changes from model A to model B, clause by clause, plus tenancy, actors, components and flows.')
    .argument('<a>', 'model id or file (before)')
    .argument('<b>', 'model id or file (after)');
  outputOption(formatOption(diff, ['md', 'json'], 'md'))
    .action(
      action(async (a: string, b: string, opts: { format?: string; output?: string }) => {
        const format = formatFor('model diff', opts, ['md', 'json'] as const, 'md');
        const before = await loadModelFast(a);
        const after = await loadModelFast(b);
        const d = diffModels(before, after);
        const input = { sources: [a, b], models: judgedModels([before, after]) };
        writeOutput(format === 'md' ? renderDiffMarkdown(d) : stableStringify(withEnvelope('ModelDiff', input, d), 2), opts.output);
      }),
    );

  const diagram = model
    .command('diagram')
    .description('Data-flow diagram: components in their trust boundaries, shared components and boundary crossings marked.')
    .argument('[model]', 'built-in model id or model file', DEFAULT_MODEL)
    .option('--tenancy <tenancy>', TENANCY_MODELS.join(' | '), 'cluster')
    .option('--highlight <ids>', 'comma-separated component or data-flow ids to draw in a distinct colour');
  outputOption(formatOption(diagram, DIAGRAM_FORMATS, 'svg'))
    .action(
      action(async (ref: string, opts: { tenancy: string; format?: string; highlight?: string; output?: string }) => {
        const tenancy = oneOf('--tenancy', opts.tenancy, TENANCY_MODELS);
        const format = formatFor('model diagram', opts, DIAGRAM_FORMATS, 'svg');
        const m = await loadModelFast(ref);
        const ids = (opts.highlight ?? '').split(',').map((s) => s.trim()).filter(Boolean);
        const highlight = {
          components: ids.filter((id) => m.components.some((c) => c.id === id)),
          flows: ids.filter((id) => m.dataFlows.some((f) => f.id === id)),
        };
        const unknown = ids.filter((id) => !highlight.components.includes(id) && !highlight.flows.includes(id));
        if (unknown.length) {
          throw new UsageError(`option --highlight: no component or data flow with id ${unknown.map((u) => `"${u}"`).join(', ')}`);
        }
        writeOutput(await renderDiagram(m, { tenancy, format, highlight }), opts.output);
      }),
    );

  model
    .command('schema')
    .description('Print the JSON Schema of model files (generated from the zod schema).')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action(
      action(async (opts: { output?: string }) => {
        checkOutputName(opts.output);
        // Generated from the zod schema: loaded for this subcommand only.
        const { modelJsonSchemaText } = await import('../model/json-schema.js');
        writeOutput(modelJsonSchemaText(), opts.output);
      }),
    );
}

