/**
 * ktm's entry point: builds the command tree. Each command lives in its own file and registers itself; only the
 * command being run is imported, the others are listed from the table in commands.ts.
 */
import { Command, CommanderError } from 'commander';
import { EXIT_BAD_INPUT } from '../util/errors.js';
import { commandPath, reportError, usageLine } from './common.js';
import { COMMANDS, invokedCommand } from './commands.js';
import { toolVersion } from '../util/version.js';

/** The program for this argv: the invoked command fully defined, the others as names in the help. */
export async function buildProgram(argv: string[]): Promise<Command> {
  const program = new Command('ktm')
    .description('The Knative threat model, executable: triage reports, audit clusters, harden tenancy, review features.')
    .version(toolVersion())
    .exitOverride()
    // Root options only before the subcommand, so `ktm pss --version v1.30` reaches pss, not ktm's own --version.
    .enablePositionalOptions()
    .configureOutput({ outputError: (str, write) => write(`${commanderUsageLine(str)}\n`) });
  const invoked = invokedCommand(argv.slice(2));
  for (const entry of COMMANDS) {
    if (entry.name === invoked) (await entry.load()).register(program);
    // A listing only: enough for `ktm --help` and for commander's "did you mean" on a misspelt command.
    else program.command(entry.name).description(entry.summary);
  }
  // Subcommands inherit exitOverride so usage errors come back as exit 2, not process.exit(1).
  for (const cmd of program.commands) propagateExitOverride(cmd);
  return program;
}

function propagateExitOverride(cmd: Command): void {
  cmd.exitOverride();
  // commander's own usage errors (unknown option, missing argument) print the same one line as ktm's.
  const where = commandPath(cmd);
  cmd.configureOutput({ outputError: (str, write) => write(`${commanderUsageLine(str, where)}\n`) });
  for (const sub of cmd.commands) propagateExitOverride(sub);
}

/** commander says `error: unknown option '--x'\n`: one line in ktm's form. */
function commanderUsageLine(str: string, command?: string): string {
  return usageLine(str.trim().replace(/^error: /, '').replace(/\s*\n\s*/g, ' '), command);
}

/**
 * For the process's own command line: when the invoked command reads manifests large enough to come near Node's heap
 * cap, runs the command line again in a child with a larger one (src/cli/large-heap.ts), sets process.exitCode from
 * it and returns true.
 */
export async function relaunchedWithLargerHeap(argv: string[]): Promise<boolean> {
  const args = argv.slice(2);
  const invoked = invokedCommand(args);
  if (!invoked || !COMMANDS.find((c) => c.name === invoked)?.readsManifests) return false;
  const { relaunchHeap, runWithHeap } = await import('./large-heap.js');
  const cmd = (await buildProgram(argv)).commands.find((c) => c.name() === invoked);
  const heap = cmd && relaunchHeap(cmd, args.slice(args.indexOf(invoked) + 1));
  if (!heap) return false;
  try {
    process.exitCode = await runWithHeap(heap);
    return true;
  } catch {
    return false; // the child could not be started: run here, with Node's cap
  }
}

/** Runs ktm with full argv (`node`, script, args…); sets process.exitCode. */
export async function main(argv: string[]): Promise<void> {
  const program = await buildProgram(argv);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version are exit 0; everything else commander rejects is a usage error.
      process.exitCode = err.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
      return;
    }
    process.exitCode = reportError(err);
  }
}

