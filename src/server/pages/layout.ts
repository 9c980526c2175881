/**
 * The page frame: navigation by role, the CSRF token for first-party scripts, and the one stylesheet and script.
 */
import { html, type SafeHtml } from '../html.js';
import type { User } from '../accounts.js';
import { formatUtc } from '../time.js';

export interface PageContext {
  user?: User;
  csrf: string;
}

export function layout(title: string, ctx: PageContext, body: SafeHtml): SafeHtml {
  const u = ctx.user;
  const staff = u && (u.role === 'triager' || u.role === 'admin');
  const nav =
    u && !u.mustChangePassword
      ? html`<nav>
          <a href="/">Queue</a>
          <a href="/reports/new">New report</a>
          ${staff ? html`<a href="/audits">Audit reports</a> <a href="/models">Models</a>` : ''}
          ${u.role === 'admin' ? html`<a href="/admin/users">Accounts</a> <a href="/log">Change log</a>` : ''}
          <span class="who">${u.username} (${u.role})</span>
          <a href="/account/password">Password</a>
          <form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="${ctx.csrf}"><button type="submit">Log out</button></form>
        </nav>`
      : '';
  return html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${ctx.csrf}">
<title>${title} · ktm workbench</title>
<link rel="stylesheet" href="/static/app.css">
<script src="/static/app.js" defer></script>
</head>
<body>
<header><span class="brand">ktm workbench</span>${nav}</header>
<main>
<h1>${title}</h1>
${body}
</main>
</body>
</html>`;
}

export function csrfField(ctx: PageContext): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${ctx.csrf}">`;
}

export function errorBox(message: string | undefined): SafeHtml {
  return message ? html`<p class="error" role="alert">${message}</p>` : html``;
}

export function errorPage(status: number, message: string, ctx: PageContext): SafeHtml {
  return layout(status === 404 ? 'Not found' : `Error ${status}`, ctx, html`<p class="error">${message}</p><p><a href="/">Back to the queue</a></p>`);
}

/** A date-time in UTC, readable and unambiguous, in the one format every page uses (time.ts). */
export function when(iso: string | null | undefined): string {
  return formatUtc(iso);
}
