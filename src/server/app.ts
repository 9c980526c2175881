/**
 * The workbench's request handling: security headers, sessions, CSRF and cross-site checks, access control,
 * then one handler per route. Handlers read input, call the store and the triage port, and render a page.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from './db.js';
import {
  HttpError,
  crossSiteReason,
  parseCookies,
  parseForm,
  readBody,
  redirect,
  sendHtml,
  sendJson,
  sendText,
  setSecurityHeaders,
  FormData,
} from './http.js';
import {
  DEFAULT_SESSION_POLICY,
  PreLoginTokens,
  csrfMatches,
  endSession,
  findSession,
  newSession,
  pruneSessions,
  tokensMatch,
  type Session,
  type SessionPolicy,
} from './sessions.js';
import { LogLimiter } from './log-limit.js';
import { LoginThrottle, type LimiterPolicy } from './rate-limit.js';
import { SCRYPT_PARAMS, dummyPasswordHash, generatePassword, passwordProblem, verifyPassword, type ScryptParams } from './passwords.js';
import {
  ROLES,
  actorOf,
  createUser,
  findCredentials,
  getUser,
  listUsers,
  seesAllReports,
  setPassword,
  updateUser,
  usernameProblem,
  type Role,
  type User,
} from './accounts.js';
import { appendLog, listLog } from './audit-log.js';
import {
  WorkflowError,
  addComment,
  createReport,
  getVisibleReport,
  listComments,
  listReports,
  moveReport,
  setEmbargo,
  updateAnswers,
  type Report,
} from './reports.js';
import { computeClocks } from './clocks.js';
import { STATUSES, isStatus } from './workflow.js';
import { answersFromJson, cleanText, readAnswers } from './answers.js';
import { getAudit, listAudits, parseAuditResult, saveAudit } from './audit-reports.js';
import { findingsGrid, reachabilityGrid } from './heatmap.js';
import type { ModelOutcome, TriagePort } from './triage-port.js';
import { CLIENT_SCRIPT, STYLESHEET } from './static.js';
import { hostAllowed, type HostPolicy } from './host-check.js';
import type { SafeHtml } from './html.js';
import { errorPage, type PageContext } from './pages/layout.js';
import { loginPage, passwordPage } from './pages/auth.js';
import { newReportPage, queuePage, reportPage, type ReportFormState } from './pages/reports.js';
import { auditPage, auditsPage } from './pages/audits.js';
import { modelPage, modelsPage } from './pages/models.js';
import { logPage, usersPage } from './pages/admin.js';

/** File extension and media type of each export of a report. */
const EXPORT_FILES = {
  ghsa: ['json', 'application/json'],
  osv: ['json', 'application/json'],
  markdown: ['md', 'text/markdown'],
  reply: ['txt', 'text/plain'],
  openvex: ['json', 'application/json'],
  'csaf-vex': ['json', 'application/json'],
  cve5: ['json', 'application/json'],
} as const;

export interface AppOptions {
  db: Db;
  triage: TriagePort;
  /** The Host header values the workbench answers to (DNS-rebinding defence); anything else gets 421. */
  hosts: HostPolicy;
  /** Served over TLS (e.g. behind a TLS-terminating proxy): Secure cookies, https origin, HSTS. */
  tls?: boolean;
  sessionPolicy?: SessionPolicy;
  /** Login throttling per account name and per client address. */
  accountLimit?: LimiterPolicy;
  addressLimit?: LimiterPolicy;
  scryptParams?: ScryptParams;
  /** Largest request body in bytes (forms and JSON). */
  bodyLimit?: number;
  /** Largest audit-report upload in bytes. */
  uploadLimit?: number;
  now?: () => Date;
  log?: (line: string) => void;
}

type Access = 'anyone' | 'user' | 'staff' | 'admin';
type BodyKind = 'none' | 'form' | 'json';

interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: string[];
  session: Session | undefined;
  user: User | undefined;
  form: FormData;
  json: unknown;
  page: PageContext;
}

interface Route {
  method: 'GET' | 'POST';
  path: RegExp;
  access: Access;
  body?: BodyKind;
  /** Reachable while the account still has to replace its one-time password. */
  duringPasswordChange?: boolean;
  limit?: 'upload';
  handle: (c: Ctx) => Promise<void> | void;
}

const MAX_TITLE = 300;
const MAX_TEXT = 20_000;

export function createApp(opts: AppOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const db = opts.db;
  const triage = opts.triage;
  const tls = opts.tls ?? false;
  const sessionPolicy = opts.sessionPolicy ?? DEFAULT_SESSION_POLICY;
  const throttle = new LoginThrottle(opts.addressLimit, opts.accountLimit);
  const scryptParams = opts.scryptParams ?? SCRYPT_PARAMS;
  const bodyLimit = opts.bodyLimit ?? 256 * 1024;
  const uploadLimit = opts.uploadLimit ?? 16 * 1024 * 1024;
  const now = opts.now ?? (() => new Date());
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  // `__Host-` binds the cookie to this origin (no Domain, Path=/) but browsers accept it only with Secure.
  const cookieName = tls ? '__Host-ktm_session' : 'ktm_session';
  const preLoginCookieName = tls ? '__Host-ktm_login' : 'ktm_login';
  const preLogin = new PreLoginTokens(sessionPolicy.idleMs);
  // Server faults (a full disk, a read-only store) are logged once a minute per kind, with a count.
  const faults = new LogLimiter(log);
  const touchFailed = (err: unknown) => faults.report(`session touch: ${faultKind(err)}`, `could not record session activity: ${(err as Error).message}`);

  function sessionCookie(token: string): string {
    return `${cookieName}=${token}; Path=/; HttpOnly; SameSite=Strict${tls ? '; Secure' : ''}`;
  }
  function preLoginCookie(value: string): string {
    return `${preLoginCookieName}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${Math.floor(sessionPolicy.idleMs / 1000)}${tls ? '; Secure' : ''}`;
  }
  function clearCookie(): string {
    return `${cookieName}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${tls ? '; Secure' : ''}`;
  }

  function html(c: Ctx, status: number, page: SafeHtml): void {
    sendHtml(c.res, status, page);
  }

  function outcomesFor(r: { title: string; description: string; answers: Report['answers']; receivedAt?: string }): {
    outcomes?: ModelOutcome[];
    problem?: string;
  } {
    try {
      return {
        outcomes: triage.evaluate({
          title: r.title,
          description: r.description,
          answers: r.answers,
          received: r.receivedAt ? new Date(r.receivedAt) : now(),
        }),
      };
    } catch (err) {
      return { problem: (err as Error).message };
    }
  }

  function reportId(c: Ctx): number {
    const id = Number(c.params[0]);
    if (!Number.isSafeInteger(id) || id <= 0) throw new HttpError(404, 'No such report.');
    return id;
  }

  /** The report if this user may see it; 404 otherwise — the same for "missing" and "someone else's". */
  function visibleReport(c: Ctx): Report {
    const r = getVisibleReport(db, c.user!, reportId(c));
    if (!r) throw new HttpError(404, 'No such report.');
    return r;
  }

  function isStaff(u: User): boolean {
    return seesAllReports(u);
  }

  function canEditAnswers(u: User, r: Report): boolean {
    if (isStaff(u)) return r.status !== 'disclosed';
    return r.ownerId === u.id && r.status === 'new';
  }

  function showReport(c: Ctx, r: Report, status = 200, error?: string): void {
    const staff = isStaff(c.user!);
    html(
      c,
      status,
      reportPage(c.page, {
        report: r,
        questions: triage.questions(),
        ...outcomesFor(r),
        clocks: computeClocks(r, now()),
        comments: listComments(db, r.id),
        history: staff ? listLog(db, { entity: 'report', entityId: r.id, limit: 200 }) : [],
        canEditAnswers: canEditAnswers(c.user!, r),
        staff,
        error,
      }),
    );
  }

  function formState(c: Ctx): ReportFormState & { problems: string[] } {
    const { answers, problems } = readAnswers(triage.questions(), (id) =>
      c.form.has(`q.${id}`) ? c.form.all(`q.${id}`) : undefined,
    );
    const title = cleanText(c.form.get('title'), MAX_TITLE).trim();
    const description = cleanText(c.form.get('description'), MAX_TEXT);
    if (!title) problems.unshift('The report needs a title');
    return { title, description, answers, problems, ...outcomesFor({ title, description, answers }) };
  }

  async function login(c: Ctx): Promise<void> {
    const username = cleanText(c.form.get('username'), 100).trim();
    const password = c.form.get('password').slice(0, 1024);
    const address = c.req.socket.remoteAddress ?? 'unknown';
    const wait = throttle.retryAfter(address, username);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      c.res.setHeader('Retry-After', String(seconds));
      return html(c, 429, loginPage(c.page, `Too many failed attempts: try again in ${seconds} s.`, username));
    }
    const creds = username ? findCredentials(db, username) : undefined;
    // Always run one hash so a wrong name takes as long as a wrong password.
    const ok = await verifyPassword(password, creds?.passwordHash ?? (await dummyPasswordHash(scryptParams)));
    if (!creds || !ok || creds.user.disabled) {
      throttle.recordFailure(address, username);
      log(`login failed for "${username}" from ${c.req.socket.remoteAddress ?? 'unknown'}`);
      return html(c, 401, loginPage(c.page, 'Wrong user name or password.', username));
    }
    throttle.recordSuccess(username);
    // A fresh token on login: whatever token the browser held before (possibly planted) is dead.
    if (c.session) endSession(db, c.session.tokenHash);
    pruneSessions(db, sessionPolicy);
    const { token } = newSession(db, creds.user.id);
    db.transaction(() => appendLog(db, actorOf(creds.user), 'login', 'session', creds.user.id, null, null, now()))();
    redirect(c.res, creds.user.mustChangePassword ? '/account/password' : '/', { 'Set-Cookie': sessionCookie(token) });
  }

  const routes: Route[] = [
    {
      method: 'GET',
      path: /^\/login$/,
      access: 'anyone',
      handle: (c) => {
        if (c.user) return redirect(c.res, '/');
        let csrf = c.session?.csrfToken;
        if (!c.session) {
          // No row for a visitor: the form's token rides in a signed cookie (anyone may load this page).
          const issued = preLogin.issue();
          c.res.setHeader('Set-Cookie', preLoginCookie(issued.cookie));
          csrf = issued.csrf;
        }
        html(c, 200, loginPage({ csrf: csrf! }));
      },
    },
    { method: 'POST', path: /^\/login$/, access: 'anyone', body: 'form', handle: login },
    {
      method: 'POST',
      path: /^\/logout$/,
      access: 'anyone',
      body: 'form',
      duringPasswordChange: true,
      handle: (c) => {
        if (c.session) endSession(db, c.session.tokenHash);
        if (c.user) db.transaction(() => appendLog(db, actorOf(c.user!), 'logout', 'session', c.user!.id, null, null, now()))();
        redirect(c.res, '/login', { 'Set-Cookie': clearCookie() });
      },
    },
    {
      method: 'GET',
      path: /^\/account\/password$/,
      access: 'user',
      duringPasswordChange: true,
      handle: (c) => html(c, 200, passwordPage(c.page, undefined, c.url.searchParams.get('done') === '1')),
    },
    {
      method: 'POST',
      path: /^\/account\/password$/,
      access: 'user',
      body: 'form',
      duringPasswordChange: true,
      handle: async (c) => {
        const user = c.user!;
        const address = c.req.socket.remoteAddress ?? 'unknown';
        if (throttle.retryAfter(address, user.username) > 0) return html(c, 429, passwordPage(c.page, 'Too many failed attempts: wait and try again.'));
        const creds = findCredentials(db, user.username)!;
        if (!(await verifyPassword(c.form.get('current').slice(0, 1024), creds.passwordHash))) {
          throttle.recordFailure(address, user.username);
          return html(c, 400, passwordPage(c.page, 'The current password is wrong.'));
        }
        const next = c.form.get('password');
        const problem = passwordProblem(next);
        if (problem) return html(c, 400, passwordPage(c.page, `The new password ${problem}.`));
        if (next !== c.form.get('confirm')) return html(c, 400, passwordPage(c.page, 'The two new passwords differ.'));
        if (await verifyPassword(next, creds.passwordHash)) return html(c, 400, passwordPage(c.page, 'Choose a password different from the current one.'));
        await setPassword(db, actorOf(user), user.id, next, false, scryptParams);
        // setPassword ended every session of this account; continue in a new one.
        const { token } = newSession(db, user.id);
        redirect(c.res, '/account/password?done=1', { 'Set-Cookie': sessionCookie(token) });
      },
    },
    {
      method: 'GET',
      path: /^\/$/,
      access: 'user',
      handle: (c) => {
        const filter = c.url.searchParams.get('status') ?? 'all';
        const status = filter === 'all' || isStatus(filter) ? filter : 'all';
        const t = now();
        const rows = listReports(db, c.user!)
          .filter((r) => status === 'all' || r.status === status)
          .map((r) => ({ report: r, clocks: computeClocks(r, t), outcomes: outcomesFor(r).outcomes }));
        html(c, 200, queuePage(c.page, rows, status));
      },
    },
    {
      method: 'GET',
      path: /^\/reports\/new$/,
      access: 'user',
      handle: (c) => html(c, 200, newReportPage(c.page, triage.questions(), { title: '', description: '', answers: defaultAnswers() })),
    },
    {
      method: 'POST',
      path: /^\/reports$/,
      access: 'user',
      body: 'form',
      handle: (c) => {
        const s = formState(c);
        if (s.problems.length) return html(c, 400, newReportPage(c.page, triage.questions(), { ...s, error: s.problems.join('; ') }));
        const r = createReport(db, c.user!, { title: s.title, description: s.description, source: 'form', answers: s.answers }, now());
        redirect(c.res, `/reports/${r.id}`);
      },
    },
    {
      method: 'POST',
      path: /^\/reports\/import$/,
      access: 'user',
      body: 'form',
      handle: (c) => {
        const kind = c.form.get('kind') === 'osv' ? 'osv' : 'ghsa';
        const text = c.form.get('advisory');
        try {
          const imported = triage.importAdvisory(text, kind);
          const { answers } = readAnswers(triage.questions(), (id) =>
            imported.answers[id] === undefined ? undefined : ([] as string[]).concat(imported.answers[id]),
          );
          Object.assign(answers, extraFacts(imported.answers));
          const r = createReport(
            db,
            c.user!,
            {
              title: cleanText(imported.title, MAX_TITLE).trim() || `Imported ${kind.toUpperCase()} advisory`,
              description: cleanText(imported.description, MAX_TEXT),
              source: kind,
              answers,
            },
            now(),
          );
          redirect(c.res, `/reports/${r.id}`);
        } catch (err) {
          html(
            c,
            400,
            newReportPage(c.page, triage.questions(), {
              title: '',
              description: '',
              answers: {},
              importKind: kind,
              importText: text,
              importError: `Could not read the advisory: ${(err as Error).message}`,
            }),
          );
        }
      },
    },
    { method: 'GET', path: /^\/reports\/(\d+)$/, access: 'user', handle: (c) => showReport(c, visibleReport(c)) },
    {
      method: 'POST',
      path: /^\/reports\/(\d+)\/answers$/,
      access: 'user',
      body: 'form',
      handle: (c) => {
        const r = visibleReport(c);
        if (!canEditAnswers(c.user!, r)) throw new HttpError(403, 'You cannot change the answers of this report now.');
        const s = formState(c);
        if (s.problems.length) return showReport(c, r, 400, s.problems.join('; '));
        // Facts the form does not ask (an imported CVSS vector) are kept.
        const answers = { ...extraFacts(r.answers), ...s.answers };
        updateAnswers(db, c.user!, r.id, { title: s.title, description: s.description, answers }, now());
        redirect(c.res, `/reports/${r.id}`);
      },
    },
    {
      method: 'POST',
      path: /^\/reports\/(\d+)\/status$/,
      access: 'user',
      body: 'form',
      handle: (c) => {
        const r = visibleReport(c);
        if (!isStaff(c.user!)) throw new HttpError(403, 'Only triagers move reports through the workflow.');
        const to = c.form.get('to');
        if (!isStatus(to)) return showReport(c, r, 400, `"${to}" is not a status (${STATUSES.join(', ')})`);
        try {
          moveReport(db, c.user!, r.id, to, outcomesFor, now());
        } catch (err) {
          if (err instanceof WorkflowError) return showReport(c, r, 409, err.message);
          throw err;
        }
        redirect(c.res, `/reports/${r.id}`);
      },
    },
    {
      method: 'POST',
      path: /^\/reports\/(\d+)\/embargo$/,
      access: 'user',
      body: 'form',
      handle: (c) => {
        const r = visibleReport(c);
        if (!isStaff(c.user!)) throw new HttpError(403, 'Only triagers set embargoes.');
        const raw = c.form.get('until').trim();
        let until: string | null = null;
        if (raw) {
          const d = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? new Date(`${raw}T00:00:00.000Z`) : new Date(NaN);
          if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== raw) {
            return showReport(c, r, 400, `"${raw}" is not a date (YYYY-MM-DD)`);
          }
          until = d.toISOString();
        }
        try {
          setEmbargo(db, c.user!, r.id, until, now());
        } catch (err) {
          if (err instanceof WorkflowError) return showReport(c, r, 409, err.message);
          throw err;
        }
        redirect(c.res, `/reports/${r.id}`);
      },
    },
    {
      method: 'POST',
      path: /^\/reports\/(\d+)\/comments$/,
      access: 'user',
      body: 'form',
      handle: (c) => {
        const r = visibleReport(c);
        const body = cleanText(c.form.get('body'), MAX_TEXT).trim();
        if (!body) return showReport(c, r, 400, 'A comment needs some text.');
        const comment = addComment(db, c.user!, r.id, body, now());
        // Scripts (and the crash test) may ask for JSON to learn the id of what was stored.
        if ((c.req.headers.accept ?? '').includes('application/json')) return sendJson(c.res, 201, comment);
        redirect(c.res, `/reports/${r.id}#comment-${comment.id}`);
      },
    },
    {
      method: 'GET',
      path: /^\/reports\/(\d+)\/export\/(ghsa|osv|markdown|reply|openvex|csaf-vex|cve5)$/,
      access: 'user',
      handle: (c) => {
        const r = visibleReport(c);
        if (!isStaff(c.user!)) throw new HttpError(403, 'Only triagers export advisories and replies.');
        const kind = c.params[1] as keyof typeof EXPORT_FILES;
        const cve = c.url.searchParams.get('cve')?.trim() || undefined;
        if (cve !== undefined && !/^CVE-\d{4}-\d{4,19}$/.test(cve)) return showReport(c, r, 400, `"${cve.slice(0, 40)}" is not a CVE id (CVE-YYYY-NNNN).`);
        let out;
        try {
          const model = c.url.searchParams.get('model') ?? undefined;
          out = triage.exports(
            { id: r.id, title: r.title, description: r.description, answers: r.answers, received: new Date(r.receivedAt), cve },
            model && triage.models().some((m) => m.id === model) ? model : undefined,
          );
        } catch (err) {
          return showReport(c, r, 409, `Cannot export yet: ${(err as Error).message}`);
        }
        const text = out[kind];
        if (text === undefined) return showReport(c, r, 409, `Cannot export yet: ${out.cve5Problem ?? 'no CVE record'}`);
        const file = EXPORT_FILES[kind];
        sendText(c.res, 200, text, file[1], { 'Content-Disposition': `attachment; filename="report-${r.id}-${kind}.${file[0]}"` });
      },
    },
    {
      method: 'POST',
      path: /^\/api\/preview$/,
      access: 'user',
      body: 'json',
      handle: (c) => {
        const body = c.json as Record<string, unknown> | null;
        const { answers, problems } = answersFromJson(triage.questions(), body);
        const title = cleanText(body?.title, MAX_TITLE);
        const description = cleanText(body?.description, MAX_TEXT);
        const result = outcomesFor({ title, description, answers });
        sendJson(c.res, 200, { ...result, problems });
      },
    },
    { method: 'GET', path: /^\/audits$/, access: 'staff', handle: (c) => html(c, 200, auditsPage(c.page, listAudits(db))) },
    {
      method: 'POST',
      path: /^\/audits$/,
      access: 'staff',
      body: 'form',
      limit: 'upload',
      handle: (c) => {
        const name = cleanText(c.form.get('name'), 200).trim() || 'audit';
        try {
          const result = parseAuditResult(c.form.get('json'));
          const saved = saveAudit(db, c.user!, name, result, now());
          redirect(c.res, `/audits/${saved.id}`);
        } catch (err) {
          html(c, 400, auditsPage(c.page, listAudits(db), `Could not read the audit result: ${(err as Error).message}`));
        }
      },
    },
    {
      method: 'GET',
      path: /^\/audits\/(\d+)$/,
      access: 'staff',
      handle: (c) => {
        const a = getAudit(db, Number(c.params[0]));
        if (!a) throw new HttpError(404, 'No such audit report.');
        html(c, 200, auditPage(c.page, a, { findings: findingsGrid(a.result), reachability: reachabilityGrid(a.result) }));
      },
    },
    { method: 'GET', path: /^\/models$/, access: 'staff', handle: (c) => html(c, 200, modelsPage(c.page, triage.models())) },
    {
      method: 'GET',
      path: /^\/models\/([a-z0-9.-]+)$/,
      access: 'staff',
      handle: (c) => {
        const m = triage.model(c.params[0]);
        if (!m) throw new HttpError(404, 'No such model.');
        html(c, 200, modelPage(c.page, c.params[0], m, tenancyParam(c)));
      },
    },
    {
      method: 'GET',
      path: /^\/models\/([a-z0-9.-]+)\/diagram\.svg$/,
      access: 'staff',
      handle: async (c) => {
        if (!triage.model(c.params[0])) throw new HttpError(404, 'No such model.');
        const svg = await triage.diagram(c.params[0], tenancyParam(c));
        if (!svg) throw new HttpError(404, 'The diagram renderer is not available.');
        sendText(c.res, 200, svg, 'image/svg+xml');
      },
    },
    { method: 'GET', path: /^\/admin\/users$/, access: 'admin', handle: (c) => html(c, 200, usersPage(c.page, listUsers(db), {})) },
    {
      method: 'POST',
      path: /^\/admin\/users$/,
      access: 'admin',
      body: 'form',
      handle: async (c) => {
        const username = c.form.get('username').trim();
        const role = c.form.get('role');
        const problem = usernameProblem(username);
        if (problem) return html(c, 400, usersPage(c.page, listUsers(db), { error: `User name ${problem}.` }));
        if (!(ROLES as readonly string[]).includes(role)) return html(c, 400, usersPage(c.page, listUsers(db), { error: 'Unknown role.' }));
        if (findCredentials(db, username)) return html(c, 409, usersPage(c.page, listUsers(db), { error: 'That user name is taken.' }));
        const password = generatePassword();
        await createUser(db, actorOf(c.user!), { username, role: role as Role, password, mustChangePassword: true }, scryptParams);
        html(c, 201, usersPage(c.page, listUsers(db), { issued: { username, password } }));
      },
    },
    {
      method: 'POST',
      path: /^\/admin\/users\/(\d+)$/,
      access: 'admin',
      body: 'form',
      handle: async (c) => {
        const target = getUser(db, Number(c.params[0]));
        if (!target) throw new HttpError(404, 'No such account.');
        const role = c.form.get('role');
        if (!(ROLES as readonly string[]).includes(role)) return html(c, 400, usersPage(c.page, listUsers(db), { error: 'Unknown role.' }));
        const disabled = c.form.get('disabled') === '1';
        if (target.id === c.user!.id && (role !== 'admin' || disabled)) {
          return html(c, 409, usersPage(c.page, listUsers(db), { error: 'You cannot demote or disable your own account.' }));
        }
        updateUser(db, actorOf(c.user!), target.id, { role: role as Role, disabled });
        let issued: { username: string; password: string } | undefined;
        if (c.form.get('reset') === '1') {
          issued = { username: target.username, password: generatePassword() };
          await setPassword(db, actorOf(c.user!), target.id, issued.password, true, scryptParams);
        }
        if (target.id === c.user!.id) {
          // Changing one's own account ended one's sessions: start a new one.
          const { token } = newSession(db, target.id);
          c.res.setHeader('Set-Cookie', sessionCookie(token));
        }
        html(c, 200, usersPage(c.page, listUsers(db), { issued }));
      },
    },
    { method: 'GET', path: /^\/log$/, access: 'admin', handle: (c) => html(c, 200, logPage(c.page, listLog(db, { limit: 1000 }))) },
  ];

  /** Stored facts that are not questionnaire answers (e.g. `spec.cvss` from an imported advisory). */
  function extraFacts(answers: Report['answers']): Report['answers'] {
    const asked = new Set(triage.questions().map((q) => q.id));
    return Object.fromEntries(
      Object.entries(answers).filter(([k, v]) => !asked.has(k) && /^spec\.[a-zA-Z.]+$/.test(k) && typeof v === 'string'),
    );
  }

  /** A new form starts from the engine's defaults, shown to the reporter as pre-selected answers. */
  function defaultAnswers(): Report['answers'] {
    const out: Report['answers'] = {};
    for (const q of triage.questions()) if (q.defaults.length) out[q.id] = q.multiple ? q.defaults : q.defaults[0];
    return out;
  }

  function tenancyParam(c: Ctx): string {
    const t = c.url.searchParams.get('tenancy') ?? 'namespace';
    return ['cluster', 'namespace', 'control-plane'].includes(t) ? t : 'namespace';
  }

  function allowed(access: Access, user: User | undefined): boolean {
    if (access === 'anyone') return true;
    if (!user) return false;
    if (access === 'user') return true;
    if (access === 'staff') return user.role === 'triager' || user.role === 'admin';
    return user.role === 'admin';
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res, tls);
    const url = new URL(req.url ?? '/', 'http://workbench.invalid');
    const method = req.method ?? 'GET';
    // HTTP allows exactly one Host (RFC 9112 §3.2); node keeps the first of several, which would let a second one
    // slip past whatever checks the first.
    if (hostHeaderCount(req) > 1) {
      req.resume();
      return sendText(res, 400, '400 Bad Request: more than one Host header.\n', 'text/plain', { Connection: 'close' });
    }
    // Before anything else, even static files: a page under a rebound foreign name reads nothing.
    if (!hostAllowed(opts.hosts, req.headers.host)) {
      log(`refused ${method} ${url.pathname}: Host ${JSON.stringify(req.headers.host ?? '')} is not a name of this workbench`);
      req.resume();
      return sendText(
        res,
        421,
        `421 Misdirected Request: this workbench does not answer to the host name "${req.headers.host ?? ''}". ` +
          'Open it by the address ktm serve printed, or start ktm serve with --allow-host NAME for a name you trust.\n',
        'text/plain',
        { Connection: 'close' },
      );
    }
    if (method === 'GET' && url.pathname === '/static/app.js') return sendText(res, 200, CLIENT_SCRIPT, 'text/javascript');
    if (method === 'GET' && url.pathname === '/static/app.css') return sendText(res, 200, STYLESHEET, 'text/css');

    const cookies = parseCookies(req.headers.cookie);
    const session = findSession(db, cookies.get(cookieName), sessionPolicy, Date.now(), touchFailed);
    const user = session?.user;
    const c: Ctx = {
      req,
      res,
      url,
      params: [],
      session,
      user,
      form: new FormData(new URLSearchParams()),
      json: undefined,
      page: { user, csrf: session?.csrfToken ?? '' },
    };
    try {
      if (method !== 'GET' && method !== 'POST') throw new HttpError(405, 'Method not allowed.', { Allow: 'GET, POST' });
      let route: Route | undefined;
      for (const r of routes) {
        if (r.method !== method) continue;
        const m = r.path.exec(url.pathname);
        if (m) {
          route = r;
          c.params = m.slice(1);
          break;
        }
      }
      if (!route) {
        if (routes.some((r) => r.path.test(url.pathname))) throw new HttpError(405, 'Method not allowed.', { Allow: 'GET, POST' });
        throw new HttpError(404, 'Not found.');
      }
      if (method === 'POST') {
        // Cross-site requests are refused before the body is even read.
        const crossSite = crossSiteReason(req, tls);
        if (crossSite) {
          log(`refused cross-site ${method} ${url.pathname}: ${crossSite}`);
          throw new HttpError(403, 'Cross-site request refused.');
        }
        const body = await readBody(req, route.limit === 'upload' ? uploadLimit : bodyLimit);
        const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
        let presented: string | undefined;
        if (route.body === 'json') {
          if (type !== 'application/json') throw new HttpError(415, 'Send application/json.');
          try {
            c.json = JSON.parse(body.toString('utf8'));
          } catch {
            throw new HttpError(400, 'The body is not JSON.');
          }
          presented = headerValue(req, 'x-csrf-token');
        } else {
          if (type !== 'application/x-www-form-urlencoded') throw new HttpError(415, 'Send a form (application/x-www-form-urlencoded).');
          c.form = parseForm(body);
          presented = c.form.get('_csrf') || headerValue(req, 'x-csrf-token');
        }
        // Before login, only the login form is posted, with the token of the signed pre-login cookie.
        const preLoginCsrf = !session && route.handle === login ? preLogin.csrfFor(cookies.get(preLoginCookieName)) : undefined;
        const csrfOk = session ? csrfMatches(session, presented) : preLoginCsrf !== undefined && tokensMatch(preLoginCsrf, presented);
        if (!csrfOk) {
          throw new HttpError(
            403,
            session || route.handle === login
              ? 'The form has expired or did not come from this site: reload and try again.'
              : 'Your session has ended: log in again.',
          );
        }
      }
      if (!allowed(route.access, user)) {
        if (!user) {
          if (method === 'GET') return redirect(res, '/login');
          throw new HttpError(401, 'Log in first.');
        }
        throw new HttpError(403, 'Your role does not allow this.');
      }
      if (user?.mustChangePassword && !route.duringPasswordChange && route.access !== 'anyone') {
        if (method === 'GET') return redirect(res, '/account/password');
        throw new HttpError(403, 'Change your one-time password first.');
      }
      await route.handle(c);
    } catch (err) {
      // Drain an unread body so the connection is left in a sane state.
      req.resume();
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const status = err instanceof HttpError ? err.status : 500;
      const message = err instanceof HttpError ? err.message : 'Something went wrong on the server; the change was not saved.';
      if (!(err instanceof HttpError)) {
        faults.report(`${method} ${url.pathname}: ${faultKind(err)}`, `error on ${method} ${url.pathname}: ${(err as Error).stack ?? String(err)}`);
      }
      if (err instanceof HttpError) for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
      if (url.pathname.startsWith('/api/') || (req.headers.accept ?? '').startsWith('application/json')) {
        return sendJson(res, status, { error: message });
      }
      sendHtml(res, status, errorPage(status, message, c.page));
    }
  }

  return (req, res) => {
    handle(req, res).catch((err) => {
      log(`unhandled: ${(err as Error).message}`);
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  };
}

/** What kind of fault an error is, for counting repeats: its code (SQLITE_FULL, EROFS…) or its first message line. */
function faultKind(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return String((err as Error | null)?.message ?? err).split('\n')[0].slice(0, 120);
}

function hostHeaderCount(req: IncomingMessage): number {
  let n = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i].toLowerCase() === 'host') n++;
  return n;
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
