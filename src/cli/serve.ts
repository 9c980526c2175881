/**
 * `ktm serve`: the workbench (triage queue, audit reports, model browser) on a local SQLite store.
 * `ktm serve --backup FILE` copies the store with SQLite's online backup and exits.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { action } from './common.js';
import { UsageError } from '../util/errors.js';

export const DEFAULT_DB = 'data/ktm-workbench.db';

interface ServeFlags {
  db: string;
  port: string;
  host: string;
  backup?: string;
  tlsCert?: string;
  tlsKey?: string;
  behindTlsProxy?: boolean;
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('Run the workbench: triage queue, audit reports and model browser in the browser (SQLite store)')
    .option('--db <file>', 'SQLite database file (created with its folder)', DEFAULT_DB)
    .option('--port <port>', 'TCP port (0 picks a free one)', '8080')
    .option('--host <address>', 'address to listen on (anything but loopback prints a warning)', '127.0.0.1')
    .option('--backup <file>', 'copy the database to FILE with SQLite online backup, then exit')
    .option('--tls-cert <file>', 'serve HTTPS with this PEM certificate (needs --tls-key)')
    .option('--tls-key <file>', 'PEM private key for --tls-cert')
    .option('--behind-tls-proxy', 'a TLS-terminating proxy is in front: Secure cookies, https origin, HSTS')
    .action(action(async (flags: ServeFlags) => serve(flags)));
}

async function serve(flags: ServeFlags): Promise<number> {
  const dbFile = resolve(flags.db);
  if (flags.backup !== undefined) {
    if (!existsSync(dbFile)) throw new UsageError(`--backup: there is no database at ${dbFile} (use --db)`);
    const { backupDb } = await import('../server/db.js');
    const target = resolve(flags.backup);
    if (target === dbFile) throw new UsageError('--backup: the backup file must differ from the database');
    await backupDb(dbFile, target);
    process.stdout.write(`backed up ${dbFile} to ${target}\n`);
    return 0;
  }
  if (!/^\d{1,5}$/.test(flags.port) || Number(flags.port) > 65535) {
    throw new UsageError(`option --port: "${flags.port}" is not a port number (0–65535)`);
  }
  if (Boolean(flags.tlsCert) !== Boolean(flags.tlsKey)) throw new UsageError('--tls-cert and --tls-key go together');
  // Loaded here so that other commands do not pay for the server's dependencies.
  const { startWorkbench } = await import('../server/server.js');
  const { EngineTriage } = await import('../server/triage-adapter.js');
  const wb = await startWorkbench({
    dbFile,
    host: flags.host,
    port: Number(flags.port),
    triage: new EngineTriage(),
    tlsCert: flags.tlsCert,
    tlsKey: flags.tlsKey,
    behindTlsProxy: flags.behindTlsProxy,
    say: (line) => process.stderr.write(`${line}\n`),
  });
  process.stderr.write(`ktm serve: workbench at ${wb.url} (database ${dbFile})\n`);
  await new Promise<void>((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void wb.close().then(done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}
