/**
 * `ktm serve`: the workbench (triage queue, audit reports, model browser) on a local SQLite store.
 * `ktm serve --backup FILE` copies the store with SQLite's online backup and exits.
 */
import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { action } from './common.js';
import { summaryOf } from './commands.js';
import { UsageError } from '../util/errors.js';

export const DEFAULT_DB = 'data/ktm-workbench.db';

interface ServeFlags {
  db: string;
  port: string;
  host: string;
  allowHost: string[];
  backup?: string;
  tlsCert?: string;
  tlsKey?: string;
  behindTlsProxy?: boolean;
}

export function register(program: Command): void {
  program
    .command('serve')
    .description(summaryOf('serve'))
    .option('--db <file>', 'SQLite database file (created with its folder, owner-only)', DEFAULT_DB)
    .option('--port <port>', 'TCP port (0 picks a free one)', '8080')
    .option('--host <address>', 'address to listen on (anything but loopback prints a warning)', '127.0.0.1')
    .option(
      '--allow-host <name>',
      'also answer to this Host name (or name:port), e.g. a proxy\'s public name; repeatable',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--backup <file>', 'copy the database to FILE (owner-only) with SQLite online backup, then exit')
    .option('--tls-cert <file>', 'serve HTTPS with this PEM certificate (needs --tls-key)')
    .option('--tls-key <file>', 'PEM private key for --tls-cert')
    .option('--behind-tls-proxy', 'a TLS-terminating proxy is in front: Secure cookies, https origin, HSTS')
    .action(action(async (flags: ServeFlags) => serve(flags)));
}

/**
 * Everything this process writes is the store or a copy of it (embargoed reports): files it creates are
 * owner-only from the start. The store also sets exact modes itself; this covers what SQLite creates on its own.
 */
function privateUmask(): void {
  try {
    process.umask(0o077);
  } catch {
    // Worker threads may not change the umask; the store's explicit modes still apply.
  }
}

async function serve(flags: ServeFlags): Promise<number> {
  const dbFile = resolve(flags.db);
  if (flags.backup !== undefined) {
    if (!existsSync(dbFile)) throw new UsageError(`--backup: there is no database at ${dbFile} (use --db)`);
    const { backupDb } = await import('../server/db.js');
    const target = resolve(flags.backup);
    if (target === dbFile) throw new UsageError('--backup: the backup file must differ from the database');
    if (!existsSync(dirname(target)) || !statSync(dirname(target)).isDirectory()) {
      throw new UsageError(`--backup: the folder ${dirname(target)} does not exist`);
    }
    privateUmask();
    try {
      await backupDb(dbFile, target);
    } catch (err) {
      // SQLite and file-system errors here are about the two files given (not a database, not writable…).
      if (typeof (err as { code?: unknown }).code === 'string') {
        throw new UsageError(`--backup: cannot copy ${dbFile} to ${target}: ${(err as Error).message}`);
      }
      throw err;
    }
    process.stdout.write(`backed up ${dbFile} to ${target}\n`);
    return 0;
  }
  if (!/^\d{1,5}$/.test(flags.port) || Number(flags.port) > 65535) {
    throw new UsageError(`option --port: "${flags.port}" is not a port number (0–65535)`);
  }
  if (flags.host.trim() === '') throw new UsageError('option --host: give an address (127.0.0.1 keeps the workbench local)');
  if (Boolean(flags.tlsCert) !== Boolean(flags.tlsKey)) throw new UsageError('--tls-cert and --tls-key go together');
  // Loaded here so that other commands do not pay for the server's dependencies.
  const { allowHostProblem } = await import('../server/host-check.js');
  for (const entry of flags.allowHost) {
    const problem = allowHostProblem(entry);
    if (problem) throw new UsageError(`option --allow-host: ${problem}`);
  }
  const { startWorkbench } = await import('../server/server.js');
  const { StartupError } = await import('../server/listen.js');
  const { EngineTriage } = await import('../server/triage-adapter.js');
  privateUmask();
  let wb;
  try {
    wb = await startWorkbench({
      dbFile,
      host: flags.host,
      port: Number(flags.port),
      allowHosts: flags.allowHost,
      triage: new EngineTriage(),
      tlsCert: flags.tlsCert,
      tlsKey: flags.tlsKey,
      behindTlsProxy: flags.behindTlsProxy,
      say: (line) => process.stderr.write(`${line}\n`),
    });
  } catch (err) {
    if (err instanceof StartupError) throw new UsageError(err.message);
    throw err;
  }
  process.stderr.write(`ktm serve: workbench at ${wb.url} (database ${dbFile})\n`);
  const running = wb;
  await new Promise<void>((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void running.close().then(done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}
