/**
 * Starting `ktm serve` with a port or host it cannot use is the operator's input to fix: one line, exit 2,
 * and nothing created on disk (the socket is bound before the store is opened).
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, Server, type AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { StartupError, listen, listenProblem } from '../../src/server/listen.js';
import { startTestServer } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ktm-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// `ktm serve` sets the umask of the process it runs in; keep it from leaking into other tests of this file.
let savedUmask = 0;
beforeEach(() => {
  savedUmask = process.umask();
});
afterEach(() => {
  process.umask(savedUmask);
});

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`listen ${code}`), { code });
}

/** A server whose bind fails the way the kernel would answer. */
class FailingServer extends Server {
  constructor(private readonly code: string) {
    super();
  }
  override listen(): this {
    process.nextTick(() => this.emit('error', errno(this.code)));
    return this;
  }
}

describe('ktm serve: listen failures', () => {
  it('a port already in use: one clear line and exit 2, no database created', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
    const port = (busy.address() as AddressInfo).port;
    try {
      const db = join(dir, 'busy', 'wb.db');
      const r = await runCli(['serve', '--db', db, '--port', String(port)]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`ktm serve: port ${port} on 127.0.0.1 is already in use: choose another with --port (see ktm serve --help)\n`);
      expect(existsSync(join(dir, 'busy'))).toBe(false);
    } finally {
      await new Promise((r) => busy.close(r));
    }
  });

  it('a --host that is not an address of this machine, or does not resolve: exit 2', async () => {
    const notMine = await runCli(['serve', '--db', join(dir, 'h1', 'wb.db'), '--port', '0', '--host', '203.0.113.7']);
    expect(notMine.code).toBe(2);
    expect(notMine.stderr).toBe('ktm serve: --host 203.0.113.7 is not an address of this machine: choose another with --host (127.0.0.1 keeps the workbench local) (see ktm serve --help)\n');
    const unknown = await runCli(['serve', '--db', join(dir, 'h2', 'wb.db'), '--port', '0', '--host', 'no-such-host.invalid']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('ktm serve: --host no-such-host.invalid does not resolve to an address: choose another with --host (see ktm serve --help)\n');
    const empty = await runCli(['serve', '--db', join(dir, 'h3', 'wb.db'), '--host', ' ']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/^ktm serve: option --host: give an address/);
    expect(existsSync(join(dir, 'h1')) || existsSync(join(dir, 'h2')) || existsSync(join(dir, 'h3'))).toBe(false);
  });

  it('a privileged port: StartupError naming the port (EACCES, as an unprivileged user gets for port 80)', async () => {
    await expect(listen(new FailingServer('EACCES'), 80, '127.0.0.1')).rejects.toThrow(
      new StartupError('port 80 on 127.0.0.1 needs privileges ktm does not have (ports below 1024 usually do): choose another with --port'),
    );
    expect(listenProblem(errno('EADDRINUSE'), '::1', 8080)).toBe('port 8080 on [::1] is already in use: choose another with --port');
    expect(listenProblem(errno('EAI_AGAIN'), 'wb.lan', 8080)).toBe('--host wb.lan does not resolve to an address: choose another with --host');
    // Anything else is not the operator's input: it stays an internal error.
    expect(listenProblem(errno('EMFILE'), '127.0.0.1', 8080)).toBeUndefined();
    await expect(listen(new FailingServer('EMFILE'), 8080, '127.0.0.1')).rejects.not.toBeInstanceOf(StartupError);
  });

  it('the port in use by another workbench: startWorkbench throws a StartupError and leaves the first one serving', async () => {
    const first = await startTestServer();
    try {
      const port = Number(new URL(first.url).port);
      await expect(startTestServer({ port })).rejects.toThrow(`port ${port} on 127.0.0.1 is already in use`);
      expect((await fetch(`${first.url}/login`)).status).toBe(200);
    } finally {
      await first.stop();
    }
  });

  it('unreadable TLS files and an unusable --db are usage errors too', async () => {
    const tls = await runCli(['serve', '--db', join(dir, 't', 'wb.db'), '--port', '0', '--tls-cert', join(dir, 'none.pem'), '--tls-key', join(dir, 'none.key')]);
    expect(tls.code).toBe(2);
    expect(tls.stderr).toBe(`ktm serve: --tls-cert: cannot read ${join(dir, 'none.pem')}: ENOENT (see ktm serve --help)\n`);
    // A --db whose folder is a file: the port is released again and the message names --db.
    const blocker = join(dir, 'afile');
    writeFileSync(blocker, 'x');
    const db = await runCli(['serve', '--db', join(blocker, 'wb.db'), '--port', '0']);
    expect(db.code).toBe(2);
    expect(db.stderr).toMatch(/^ktm serve: --db .*afile\/wb\.db: cannot open the database: (EEXIST|ENOTDIR)/);
  });
});
