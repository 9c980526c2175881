/**
 * DNS-rebinding defence: the workbench answers only to its own names (the bound address, localhost, 127.0.0.1,
 * [::1], --host, --allow-host) and gives 421 to any other Host, before sessions, static files or forms are looked at.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { hostAllowed, hostPolicy, parseHost, allowHostProblem } from '../../src/server/host-check.js';
import { startTestServer, type TestServer } from './helpers.js';

/** A raw request with any Host header (fetch does not let a caller choose it). */
function get(base: string, path: string, host: string, method = 'GET'): Promise<{ status: number; text: string }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method, headers: { host } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

let s: TestServer;
let port: number;
beforeAll(async () => {
  s = await startTestServer({ allowHosts: ['workbench.example.org', 'localhost:9000'] });
  port = Number(new URL(s.url).port);
});
afterAll(async () => s.stop());

describe('Host header check (HTTP)', () => {
  it('answers to its own names with the bound port', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      const r = await get(s.url, '/login', host);
      expect(r.status, host).toBe(200);
    }
  });

  it('answers 421 to a foreign name, even one that resolves here, and to a wrong port', async () => {
    for (const host of [`rebind.attacker.example:${port}`, 'rebind.attacker.example', `127.0.0.1:${port + 1}`, `localhost`, `localhost.:${port}`, `127.0.0.1.nip.io:${port}`]) {
      const r = await get(s.url, '/login', host);
      expect(r.status, host).toBe(421);
      expect(r.text).toContain('Misdirected Request');
      expect(r.text).not.toContain('csrf');
    }
  });

  it('refuses static files, posts and pages behind the login alike', async () => {
    const host = `evil.example:${port}`;
    expect((await get(s.url, '/static/app.js', host)).status).toBe(421);
    expect((await get(s.url, '/', host)).status).toBe(421);
    expect((await get(s.url, '/login', host, 'POST')).status).toBe(421);
  });

  it('answers to names given with --allow-host: any port for a bare name, exactly for name:port', async () => {
    expect((await get(s.url, '/login', 'workbench.example.org')).status).toBe(200);
    expect((await get(s.url, '/login', 'workbench.example.org:443')).status).toBe(200);
    expect((await get(s.url, '/login', 'localhost:9000')).status).toBe(200);
    expect((await get(s.url, '/login', 'localhost:9001')).status).toBe(421);
  });
});

describe('host policy', () => {
  const loopback = hostPolicy({ boundAddress: '127.0.0.1', port: 8080, configuredHost: '127.0.0.1', tls: false });

  it('parses Host values strictly', () => {
    expect(parseHost('Example.org:8080', 80)).toEqual({ name: 'example.org', port: 8080 });
    expect(parseHost('[::1]', 443)).toEqual({ name: '[::1]', port: 443 });
    for (const bad of ['', ':8080', 'a b:80', 'x:80:81', '[::1', '[nothex]:80', 'x:99999', 'x:']) expect(parseHost(bad, 80), bad).toBeUndefined();
    expect(allowHostProblem('wb.lan:8443')).toBeUndefined();
    expect(allowHostProblem('http://wb.lan/')).toMatch(/is not a host name/);
  });

  it('accepts a missing port only when the bound port is the scheme default', () => {
    expect(hostAllowed(loopback, 'localhost')).toBe(false);
    expect(hostAllowed(loopback, undefined)).toBe(false);
    const onDefault = hostPolicy({ boundAddress: '127.0.0.1', port: 443, configuredHost: '127.0.0.1', tls: true });
    expect(hostAllowed(onDefault, 'localhost')).toBe(true);
    expect(hostAllowed(onDefault, 'localhost:443')).toBe(true);
  });

  it('adds the --host name and, bound to every interface, any IP literal (which rebinding cannot forge) but no name', () => {
    const named = hostPolicy({ boundAddress: '192.168.1.5', port: 8080, configuredHost: 'wb.lan', tls: false });
    expect(hostAllowed(named, 'wb.lan:8080')).toBe(true);
    expect(hostAllowed(named, '192.168.1.5:8080')).toBe(true);
    expect(hostAllowed(named, '10.0.0.1:8080')).toBe(false);
    const everywhere = hostPolicy({ boundAddress: '::', port: 8080, configuredHost: '::', tls: false });
    expect(hostAllowed(everywhere, '10.0.0.1:8080')).toBe(true);
    expect(hostAllowed(everywhere, '[fe80::1]:8080')).toBe(true);
    expect(hostAllowed(everywhere, '10.0.0.1:8081')).toBe(false);
    expect(hostAllowed(everywhere, 'attacker.example:8080')).toBe(false);
  });
});
