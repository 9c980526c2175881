import { html } from '../html.js';
import { csrfField, errorBox, layout, type PageContext } from './layout.js';

export function loginPage(ctx: PageContext, error?: string, username = ''): ReturnType<typeof html> {
  return layout(
    'Log in',
    ctx,
    html`${errorBox(error)}
<form method="post" action="/login" class="card narrow">
  ${csrfField(ctx)}
  <label>User name <input name="username" autocomplete="username" required value="${username}"></label>
  <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
  <button type="submit">Log in</button>
</form>`,
  );
}

export function passwordPage(ctx: PageContext, error?: string, done = false): ReturnType<typeof html> {
  const forced = ctx.user?.mustChangePassword;
  return layout(
    'Change password',
    ctx,
    html`${forced ? html`<p class="notice">This is a one-time password: choose your own before going on.</p>` : ''}
${done ? html`<p class="notice">Password changed.</p>` : ''}
${errorBox(error)}
<form method="post" action="/account/password" class="card narrow">
  ${csrfField(ctx)}
  <label>Current password <input name="current" type="password" autocomplete="current-password" required></label>
  <label>New password (12–128 characters) <input name="password" type="password" autocomplete="new-password" minlength="12" maxlength="128" required></label>
  <label>New password again <input name="confirm" type="password" autocomplete="new-password" minlength="12" maxlength="128" required></label>
  <button type="submit">Change password</button>
</form>`,
  );
}
