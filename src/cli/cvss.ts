/**
 * `ktm cvss VECTOR… | - | --stdin`: scores CVSS 3.0/3.1/4.0 vectors, one JSON line per vector. `-` (as for every
 * other command) or `--stdin` reads vectors from standard input, one per line.
 */
import type { Command } from 'commander';
import { action, writeOutput } from './common.js';
import { summaryOf } from './commands.js';
import { InputError, UsageError, EXIT_BAD_INPUT } from '../util/errors.js';
import { readInputText } from '../util/parse.js';
import { CvssVectorError, scoreVector } from '../cvss/vector.js';
import { renderCvssLine } from '../render/triage-cvss.js';

export function register(program: Command): void {
  program
    .command('cvss')
    .description(summaryOf('cvss'))
    .argument('[vectors...]', 'CVSS vectors, e.g. CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H; - reads them from standard input')
    .option('--stdin', 'read vectors from standard input, one per line (blank lines and # comments are skipped); the same as -')
    .action(
      action((vectors: string[], opts: { stdin?: boolean }) => {
        const fromStdin = opts.stdin === true || vectors.includes('-');
        if (vectors.filter((v) => v === '-').length > 1) throw new UsageError('standard input can be read once: give - once');
        const inputs: Array<{ vector: string; file: string; line?: number }> = [];
        vectors.forEach((v, i) => {
          if (v !== '-') inputs.push({ vector: v, file: `argument ${i + 1}` });
        });
        if (fromStdin) {
          const text = readInputText('-');
          text.split(/\r?\n/).forEach((line, i) => {
            const t = line.trim();
            if (t && !t.startsWith('#')) inputs.push({ vector: t, file: '<stdin>', line: i + 1 });
          });
        }
        if (inputs.length === 0) throw new UsageError(fromStdin ? 'standard input holds no CVSS vector' : 'give one or more CVSS vectors, or - to read them from standard input');
        // Good vectors are printed even when some are bad, so a pipeline loses nothing; the exit code says 2.
        let bad = 0;
        const out: string[] = [];
        for (const input of inputs) {
          try {
            out.push(renderCvssLine(scoreVector(input.vector)));
          } catch (err) {
            if (!(err instanceof CvssVectorError)) throw err;
            bad++;
            const pos = input.line ? { line: input.line, column: 1 } : undefined;
            process.stderr.write(`ktm: ${new InputError(input.file, err.message, pos, err.metric).format()}\n`);
          }
        }
        if (out.length > 0) writeOutput(out.join('\n'));
        return bad > 0 ? EXIT_BAD_INPUT : 0;
      }),
    );
}
