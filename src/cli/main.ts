/**
 * ktm's entry point: builds the command tree. Each command lives in its own file and registers itself; only the
 * command being run is imported, the others are listed from the table in commands.ts.
 */
import { Command, CommanderError } from 'commander';
import { EXIT_BAD_INPUT } from '../util/errors.js';
import { reportError } from './common.js';
import { COMMANDS, invokedCommand } from './commands.js';

/** The program for this argv: the invoked command fully defined, the others as names in the help. */
export async function buildProgram(argv: string[]): Promise<Command> {
  const program = new Command('ktm')
    .description('The Knative threat model, executable: triage reports, audit clusters, harden tenancy, review features.')
    .version('0.1.0')
    .exitOverride()
    // Root options only before the subcommand, so `ktm pss --version v1.30` reaches pss, not ktm's own --version.
    .enablePositionalOptions()
    // commander's own usage errors get the same `ktm:` prefix as every other message.
    .configureOutput({ outputError: (str, write) => write(`ktm: ${str.replace(/^error: /, '')}`) })
    .showHelpAfterError('(run with --help for usage)');
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
  for (const sub of cmd.commands) propagateExitOverride(sub);
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

