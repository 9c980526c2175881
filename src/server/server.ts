/**
 * Starts the workbench: opens (and migrates) the store, creates the first admin on first run, and listens.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { openDb, type Db } from './db.js';
import { ensureAdmin } from './accounts.js';
import { createApp, type AppOptions } from './app.js';
import type { TriagePort } from './triage-port.js';

export interface WorkbenchOptions extends Omit<AppOptions, 'db' | 'triage' | 'tls'> {
  dbFile: string;
  host: string;
  port: number;
  triage: TriagePort;
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

export async function startWorkbench(opts: WorkbenchOptions): Promise<Workbench> {
  const say = opts.say ?? ((line: string) => process.stderr.write(`${line}\n`));
  const db = openDb(opts.dbFile);
  const admin = await ensureAdmin(db, opts.scryptParams);
  if (admin) {
    say(`ktm serve: first run — created account "${admin.username}" with one-time password: ${admin.password}`);
    say('ktm serve: the password must be changed at first login; it is not stored or shown again.');
  }
  const tls = Boolean(opts.tlsCert && opts.tlsKey) || Boolean(opts.behindTlsProxy);
  const handler = createApp({ ...opts, db, triage: opts.triage, tls });
  const server =
    opts.tlsCert && opts.tlsKey
      ? createHttpsServer({ cert: readFileSync(opts.tlsCert), key: readFileSync(opts.tlsKey) }, handler)
      : createHttpServer(handler);
  // Slow-client limits: a request must arrive in full within 30 s, headers within 10 s.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.maxHeadersCount = 100;
  if (!isLoopback(opts.host)) {
    say(`ktm serve: WARNING: listening on ${opts.host}, reachable beyond this machine; embargoed reports are served to whoever can reach it.`);
    if (!tls) say('ktm serve: WARNING: without TLS, passwords and session cookies cross the network in clear text.');
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const url = `${opts.tlsCert && opts.tlsKey ? 'https' : 'http'}://${host}:${addr.port}`;
  let closed = false;
  return {
    server,
    db,
    url,
    close: async () => {
      if (closed) return;
      closed = true;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
    },
  };
}
