/**
 * Small HTTP plumbing over node:http: bounded body reading, form and cookie parsing, security headers, replies.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SafeHtml } from './html.js';

/** An error that becomes an HTTP status and a short message for the user. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Reads the body, refusing (413) anything over `limit` bytes before buffering it all. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(new HttpError(413, `request body over ${limit} bytes`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new HttpError(413, `request body over ${limit} bytes`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => failed || resolve(Buffer.concat(chunks)));
    req.on('error', (err) => failed || reject(err));
  });
}

/** Form fields by name; a name may repeat (check boxes). */
export class FormData {
  private readonly fields = new Map<string, string[]>();

  constructor(params: URLSearchParams) {
    for (const [k, v] of params) {
      const list = this.fields.get(k) ?? [];
      list.push(v);
      this.fields.set(k, list);
    }
  }

  get(name: string): string {
    return this.fields.get(name)?.[0] ?? '';
  }

  has(name: string): boolean {
    return this.fields.has(name);
  }

  all(name: string): string[] {
    return this.fields.get(name) ?? [];
  }

  names(): string[] {
    return [...this.fields.keys()];
  }
}

export function parseForm(body: Buffer): FormData {
  return new FormData(new URLSearchParams(body.toString('utf8')));
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const name = part.slice(0, i).trim();
    if (!out.has(name)) out.set(name, part.slice(i + 1).trim());
  }
  return out;
}

/**
 * A strict policy: only first-party scripts, styles and images; no inline anything, no framing, no plug-ins,
 * forms post only to this origin.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function setSecurityHeaders(res: ServerResponse, tls: boolean): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // same-origin rather than no-referrer: under no-referrer Chromium sends `Origin: null` on form posts, which would
  // defeat the Origin check; same-origin still keeps report URLs from leaking to other sites.
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
  // Embargoed details must not linger in shared or browser caches.
  res.setHeader('Cache-Control', 'no-store');
  if (tls) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
}

export function sendHtml(res: ServerResponse, status: number, page: SafeHtml, headers: Record<string, string> = {}): void {
  const body = Buffer.from(`<!doctype html>\n${page.value}`, 'utf8');
  res.writeHead(status, { ...headers, 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length });
  res.end(body);
}

export function sendText(res: ServerResponse, status: number, text: string, type = 'text/plain', headers: Record<string, string> = {}): void {
  const body = Buffer.from(text, 'utf8');
  res.writeHead(status, { ...headers, 'Content-Type': `${type}; charset=utf-8`, 'Content-Length': body.length });
  res.end(body);
}

/** 303 See Other: after a POST, the browser follows with a GET. */
export function redirect(res: ServerResponse, location: string, headers: Record<string, string> = {}): void {
  res.writeHead(303, { ...headers, Location: location, 'Content-Length': 0 });
  res.end();
}

/**
 * Refuses requests a browser marks as coming from another site. Browsers send Sec-Fetch-Site and/or Origin on
 * state-changing requests; clients that send neither (curl, scripts) still need the CSRF token.
 */
export function crossSiteReason(req: IncomingMessage, tls: boolean): string | undefined {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return `Sec-Fetch-Site: ${site}`;
  const origin = req.headers.origin;
  if (typeof origin === 'string') {
    const expected = `${tls ? 'https' : 'http'}://${req.headers.host ?? ''}`;
    if (origin !== expected) return `Origin ${origin} is not ${expected}`;
  }
  return undefined;
}
