/**
 * Shared plumbing for commands: error → exit-code mapping and output writing.
 * Commands only wire arguments to engines and renderers (DESIGN.md, "Shape of the code").
 */
import { writeFileSync } from 'node:fs';
import { InputError, UsageError, EXIT_BAD_INPUT } from '../util/errors.js';
import { CNIS } from '../k8s/cni.js';

/** The CNIs a user may name (`unknown` is what ktm says when none is given or found). */
const GIVEN_CNIS = CNIS.filter((c): c is Exclude<(typeof CNIS)[number], 'unknown'> => c !== 'unknown');

/** Wraps a command action: InputError/UsageError become a one-line message and exit 2. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<number | void> | number | void) {
  return async (...args: A): Promise<void> => {
    try {
      const code = await fn(...args);
      if (typeof code === 'number') process.exitCode = code;
    } catch (err) {
      process.exitCode = reportError(err);
    }
  };
}

/** Prints an error the way a user should see it and returns the exit code. */
export function reportError(err: unknown): number {
  if (err instanceof InputError) {
    process.stderr.write(`ktm: ${err.format()}\n`);
    return EXIT_BAD_INPUT;
  }
  if (err instanceof UsageError) {
    process.stderr.write(`ktm: ${err.message}\n`);
    return EXIT_BAD_INPUT;
  }
  // Anything else is a bug in ktm: say so plainly, keep the trace behind KTM_DEBUG.
  const msg = err instanceof Error ? err.message : String(err);
  process.stderr.write(`ktm: internal error: ${msg}\n`);
  if (process.env.KTM_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  return 3;
}

/** Writes text to a file when `output` is given (and not `-`), else to stdout. */
export function writeOutput(text: string, output?: string): void {
  if (output && output !== '-') {
    writeFileSync(output, text.endsWith('\n') ? text : `${text}\n`);
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
