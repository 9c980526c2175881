/**
 * Starts the workbench: binds the socket first (so a busy port or a wrong --host fails before any file is made),
 * then opens (and migrates) the store, creates the first admin on first run, and starts answering.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { openDb, type Db } from './db.js';
import { ensureAdmin } from './accounts.js';
import { createApp, type AppOptions } from './app.js';
import type { TriagePort } from './triage-port.js';
import { StartupError, displayHost, listen } from './listen.js';
import { hostPolicy } from './host-check.js';
import { exposedStoreFiles } from './file-modes.js';

export interface WorkbenchOptions extends Omit<AppOptions, 'db' | 'triage' | 'tls' | 'hosts'> {
  dbFile: string;
  host: string;
  port: number;
  triage: TriagePort;
  /** Extra Host header values to answer to (a proxy's public name, a forwarded port); see host-check.ts. */
  allowHosts?: string[];
  /** Serve HTTPS directly with this certificate and key (PEM files). */
  tlsCert?: string;
  tlsKey?: string;
  /** A TLS-terminating proxy is in front: behave as an https origin (Secure cookies, HSTS). */
  behindTlsProxy?: boolean;
  /** Where to say things for the operator (the one-time admin password, the address, warnings). */
  say?: (line: string) => void;
}

export interface Workbench {
  server: Server;
  db: Db;
  url: string;
  close(): Promise<void>;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function readPem(file: string, option: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new StartupError(`${option}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** File-system and SQLite failures on opening the store are about the --db the operator gave. */
function storeProblem(err: unknown, file: string): StartupError | undefined {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string') return undefined;
  const fsCodes = ['EACCES', 'EPERM', 'ENOTDIR', 'EISDIR', 'EEXIST', 'EROFS', 'ENOENT', 'ENOSPC'];
  const sqliteCodes = ['SQLITE_CANTOPEN', 'SQLITE_NOTADB', 'SQLITE_READONLY', 'SQLITE_CORRUPT', 'SQLITE_PERM'];
  if (!fsCodes.includes(code) && !sqliteCodes.some((c) => code.startsWith(c))) return undefined;
  return new StartupError(`--db ${file}: cannot open the database: ${(err as Error).message}`);
}

export async function startWorkbench(opts: WorkbenchOptions): Promise<Workbench> {
  const say = opts.say ?? ((line: string) => process.stderr.write(`${line}\n`));
  const tls = Boolean(opts.tlsCert && opts.tlsKey) || Boolean(opts.behindTlsProxy);
  // Requests that arrive between bind and the store being open get 503 rather than hanging.
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const dispatch = (req: IncomingMessage, res: ServerResponse): void => {
    if (handler) return handler(req, res);
    res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '1' }).end('starting\n');
  };
  let server: Server;
  if (opts.tlsCert && opts.tlsKey) {
    const cert = readPem(opts.tlsCert, '--tls-cert');
    const key = readPem(opts.tlsKey, '--tls-key');
    try {
      server = createHttpsServer({ cert, key }, dispatch);
    } catch (err) {
      throw new StartupError(`--tls-cert/--tls-key: not a usable PEM certificate and key: ${(err as Error).message}`);
    }
  } else {
    server = createHttpServer(dispatch);
  }
  // Slow-client limits: a request must arrive in full within 30 s, headers within 10 s.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.maxHeadersCount = 100;
  await listen(server, opts.port, opts.host);
  const addr = server.address() as AddressInfo;

  let db: Db | undefined;
  try {
    for (const { file, mode } of exposedStoreFiles(opts.dbFile)) {
      say(`ktm serve: WARNING: ${file} is readable by other users (mode ${mode}) and holds embargoed reports: chmod 600 it.`);
    }
    try {
      db = openDb(opts.dbFile);
    } catch (err) {
      throw storeProblem(err, opts.dbFile) ?? err;
    }
    const hosts = hostPolicy({ boundAddress: addr.address, port: addr.port, configuredHost: opts.host, allowHosts: opts.allowHosts, tls });
    handler = createApp({ ...opts, db, triage: opts.triage, tls, hosts });
    const admin = await ensureAdmin(db, opts.scryptParams);
    if (admin) {
      say(`ktm serve: first run — created account "${admin.username}" with one-time password: ${admin.password}`);
      say('ktm serve: the password must be changed at first login; it is not stored or shown again.');
    }
  } catch (err) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    db?.close();
    throw err;
  }
  if (!isLoopback(opts.host)) {
    say(`ktm serve: WARNING: listening on ${opts.host}, reachable beyond this machine; embargoed reports are served to whoever can reach it.`);
    if (!tls) say('ktm serve: WARNING: without TLS, passwords and session cookies cross the network in clear text.');
  }
  const url = `${opts.tlsCert && opts.tlsKey ? 'https' : 'http'}://${displayHost(addr.address)}:${addr.port}`;
  const store = db;
  let closed = false;
  return {
    server,
    db: store,
    url,
    close: async () => {
      if (closed) return;
      closed = true;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.close();
    },
  };
}
