/**
 * Admin pages: accounts (create, role, disable, reset password) and the full change log.
 */
import { html, pathSegment, type SafeHtml } from '../html.js';
import { ROLES, type User } from '../accounts.js';
import type { LogEntry } from '../audit-log.js';
import { csrfField, errorBox, layout, when, type PageContext } from './layout.js';
import { brief } from './reports.js';

export function usersPage(ctx: PageContext, users: User[], opts: { error?: string; issued?: { username: string; password: string } }): SafeHtml {
  const roleSelect = (current: string) =>
    html`<select name="role">${ROLES.map((r) => html`<option value="${r}"${r === current ? html` selected` : ''}>${r}</option>`)}</select>`;
  return layout(
    'Accounts',
    ctx,
    html`${errorBox(opts.error)}
${opts.issued
  ? html`<p class="notice" id="issued">One-time password for <strong>${opts.issued.username}</strong>: <code>${opts.issued.password}</code> — give it to them over a trusted channel; they must change it at first login. It is not shown again.</p>`
  : ''}
<form method="post" action="/admin/users" class="card inline-form">
  ${csrfField(ctx)}
  <label>User name <input name="username" required maxlength="63"></label>
  <label>Role ${roleSelect('reporter')}</label>
  <button type="submit">Create account</button>
</form>
<table><thead><tr><th>User</th><th>Role</th><th>State</th><th>Created</th><th>Change</th></tr></thead><tbody>
${users.map(
  (u) => html`<tr><td>${u.username}</td><td>${u.role}</td><td>${u.disabled ? 'disabled' : u.mustChangePassword ? 'must change password' : 'active'}</td><td>${when(u.createdAt)}</td>
<td><form method="post" action="/admin/users/${pathSegment(u.id)}" class="inline-form">${csrfField(ctx)}
  ${roleSelect(u.role)}
  <label><input type="checkbox" name="disabled" value="1"${u.disabled ? html` checked` : ''}> disabled</label>
  <label><input type="checkbox" name="reset" value="1"> new one-time password</label>
  <button type="submit">Apply</button></form></td></tr>`,
)}
</tbody></table>`,
  );
}

export function logPage(ctx: PageContext, entries: LogEntry[]): SafeHtml {
  return layout(
    'Change log',
    ctx,
    html`<p class="muted">Append-only: the store refuses to change or delete these rows.</p>
<table class="log"><thead><tr><th>#</th><th>When</th><th>Who</th><th>Action</th><th>Entity</th><th>Before</th><th>After</th></tr></thead><tbody>
${entries.map(
  (e) => html`<tr><td>${e.id}</td><td>${when(e.at)}</td><td>${e.actor}</td><td>${e.action}</td><td>${e.entity} ${e.entityId ?? ''}</td><td><code>${brief(e.before)}</code></td><td><code>${brief(e.after)}</code></td></tr>`,
)}
</tbody></table>`,
  );
}
