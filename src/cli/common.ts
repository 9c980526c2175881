/**
 * Shared plumbing for commands: error → exit-code mapping and output writing.
 * Commands only wire arguments to engines and renderers (DESIGN.md, "Shape of the code").
 */
import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { InputError, UsageError, EXIT_BAD_INPUT, printable } from '../util/errors.js';
import { CNIS } from '../k8s/cni.js';
import { outputError } from './output-stream.js';

/** The CNIs a user may name (`unknown` is what ktm says when none is given or found). */
const GIVEN_CNIS = CNIS.filter((c): c is Exclude<(typeof CNIS)[number], 'unknown'> => c !== 'unknown');

/** Wraps a command action: InputError/UsageError become a one-line message and exit 2. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<number | void> | number | void) {
  return async (...args: A): Promise<void> => {
    try {
      const code = await fn(...args);
      if (typeof code === 'number') process.exitCode = code;
    } catch (err) {
      // commander passes the command last: usage errors name it.
      const cmd = args[args.length - 1];
      process.exitCode = reportError(err, cmd instanceof Command ? commandPath(cmd) : undefined);
    }
  };
}

/** `audit`, `model diff`: the words a user typed to reach this command. */
export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** The one line every usage error prints: `ktm <cmd>: <message> (see ktm <cmd> --help)`. */
export function usageLine(message: string, command?: string): string {
  const where = command ? `ktm ${command}` : 'ktm';
  return `${where}: ${printable(message)} (see ${where} --help)`;
}

/** Prints an error the way a user should see it and returns the exit code. */
export function reportError(err: unknown, command?: string): number {
  if (err instanceof InputError) {
    process.stderr.write(`ktm: ${err.format()}\n`);
    return EXIT_BAD_INPUT;
  }
  if (err instanceof UsageError) {
    process.stderr.write(`${usageLine(err.message, command)}\n`);
    return EXIT_BAD_INPUT;
  }
  // Anything else is a bug in ktm: say so plainly, keep the trace behind KTM_DEBUG.
  const msg = err instanceof Error ? err.message : String(err);
  process.stderr.write(`ktm: internal error: ${msg}\n`);
  if (process.env.KTM_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  return 3;
}

/** A note for people on stderr (`ktm <cmd>: note: …`), never in the output itself. */
export function note(command: string, text: string): void {
  process.stderr.write(`ktm ${command}: note: ${printable(text)}\n`);
}

/** Writes text to a file when `output` is given (and not `-`), else to stdout. */
export function writeOutput(text: string, output?: string): void {
  if (output && output !== '-') {
    try {
      writeFileSync(output, text.endsWith('\n') ? text : `${text}\n`);
    } catch (err) {
      throw outputError(output, err);
    }
  } else {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }
}

/** Checks an option against its allowed values; a wrong value is a usage error (exit 2). */
export function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`option ${option}: "${value}" is not one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** `--cni NAME` (audit, reach, harden): the CNI when the input lacks its DaemonSet; decides what an ipBlock matches. */
export const CNI_OPTION = { flags: '--cni <name>', description: `the CNI, when the input lacks its DaemonSet (ipBlocks match pods unless cilium): ${GIVEN_CNIS.join(' | ')}` };

export function cniOption(value: string | undefined): { cni?: (typeof GIVEN_CNIS)[number] } {
  return value === undefined ? {} : { cni: oneOf('--cni', value, GIVEN_CNIS) };
}
