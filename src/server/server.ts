/**
 * Starts the workbench: binds the socket first (so a busy port or a wrong --host fails before any file is made),
 * then opens (and migrates) the store, creates the first admin on first run, and starts answering.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { assertWritable, openDb, type Db } from './db.js';
import { ensureAdmin } from './accounts.js';
import { createApp, type AppOptions } from './app.js';
import type { TriagePort } from './triage-port.js';
import { StartupError, displayHost, listen } from './listen.js';
import { hostPolicy } from './host-check.js';
import { exposedStoreFiles } from './file-modes.js';
import { LoadShedder } from './load-shed.js';

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
  /** Requests handled at once; beyond, 503 with Retry-After at once instead of a queue of 30-second waits. */
  maxInFlight?: number;
  /**
   * Longest a request may have waited for the event loop before it is handled; beyond, 503. Every write is a
   * synchronous fsync, so under a burst the requests wait in one long turn of the loop where no counter sees them.
   */
  maxQueueMs?: number;
  /** A client must send its request headers within this time (tests shorten it). */
  headersTimeoutMs?: number;
}

/** Enough for a team's workbench; 200 simultaneous writers on loopback otherwise queue for up to 30 s. */
export const DEFAULT_MAX_IN_FLIGHT = 32;
export const HEADERS_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_QUEUE_MS = 500;

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
  const sqliteCodes = ['SQLITE_CANTOPEN', 'SQLITE_NOTADB', 'SQLITE_READONLY', 'SQLITE_CORRUPT', 'SQLITE_PERM', 'SQLITE_FULL', 'SQLITE_IOERR'];
  if (!fsCodes.includes(code) && !sqliteCodes.some((c) => code.startsWith(c))) return undefined;
  if (code.startsWith('SQLITE_READONLY')) {
    return new StartupError(`--db ${file}: the database or its folder is not writable (${(err as Error).message}): ktm serve needs to write it`);
  }
  return new StartupError(`--db ${file}: cannot open the database: ${(err as Error).message}`);
}

export async function startWorkbench(opts: WorkbenchOptions): Promise<Workbench> {
  const say = opts.say ?? ((line: string) => process.stderr.write(`${line}\n`));
  const tls = Boolean(opts.tlsCert && opts.tlsKey) || Boolean(opts.behindTlsProxy);
  // Requests that arrive between bind and the store being open get 503 rather than hanging; so do requests beyond
  // maxInFlight (shed early: a quick "come back in a second" beats a 30-second tail for everyone).
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const shedder = new LoadShedder(opts.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT, opts.maxQueueMs ?? DEFAULT_MAX_QUEUE_MS, () => performance.now());
  shedder.start();
  const dispatch = (req: IncomingMessage, res: ServerResponse): void => {
    if (!handler || !shedder.admit()) {
      req.resume();
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '1', Connection: 'close' });
      res.end(handler ? '503 Service Unavailable: the workbench is busy; try again in a second.\n' : 'starting\n');
      return;
    }
    res.once('close', () => shedder.done());
    handler(req, res);
  };
  // Slow-client limits: a request must arrive in full within 30 s, headers within 10 s. Node checks these only
  // every connectionsCheckingInterval (30 s by default, so a slow sender kept its socket 22 s): check often.
  const headersTimeout = opts.headersTimeoutMs ?? HEADERS_TIMEOUT_MS;
  const httpOptions = { requestTimeout: 30_000, headersTimeout, connectionsCheckingInterval: Math.min(1000, Math.max(100, headersTimeout / 4)) };
  let server: Server;
  if (opts.tlsCert && opts.tlsKey) {
    const cert = readPem(opts.tlsCert, '--tls-cert');
    const key = readPem(opts.tlsKey, '--tls-key');
    try {
      server = createHttpsServer({ cert, key, ...httpOptions }, dispatch);
    } catch (err) {
      throw new StartupError(`--tls-cert/--tls-key: not a usable PEM certificate and key: ${(err as Error).message}`);
    }
  } else {
    server = createHttpServer(httpOptions, dispatch);
  }
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
      assertWritable(db);
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
    shedder.stop();
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
      shedder.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.close();
    },
  };
}
