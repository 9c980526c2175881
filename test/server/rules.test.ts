import { describe, expect, it } from 'vitest';
import { addWorkingDays, computeClocks, embargoBlocks } from '../../src/server/clocks.js';
import { canMove, STATUSES, TRANSITIONS, VULNERABILITY_TRACK, verdictProblem } from '../../src/server/workflow.js';
import { hashPassword, verifyPassword, generatePassword, passwordProblem } from '../../src/server/passwords.js';
import { LoginLimiter } from '../../src/server/rate-limit.js';
import { readAnswers } from '../../src/server/answers.js';
import { TEST_SCRYPT } from './helpers.js';

describe('workflow', () => {
  it('allows exactly the documented moves', () => {
    const allowed = STATUSES.flatMap((from) => STATUSES.filter((to) => canMove(from, to)).map((to) => `${from}->${to}`));
    expect(allowed.sort()).toEqual(
      ['new->triaged', 'triaged->accepted', 'triaged->declined', 'accepted->fixed', 'fixed->disclosed'].sort(),
    );
    expect(TRANSITIONS.disclosed).toEqual([]);
  });
});

describe('clocks', () => {
  it('counts working days, skipping the weekend', () => {
    // Thursday → Tuesday: Fri, Mon, Tue.
    expect(addWorkingDays(new Date('2026-01-01T10:00:00Z'), 3).toISOString()).toBe('2026-01-06T10:00:00.000Z');
    // Saturday → Wednesday.
    expect(addWorkingDays(new Date('2026-01-03T10:00:00Z'), 3).toISOString()).toBe('2026-01-07T10:00:00.000Z');
  });

  const base = { receivedAt: '2026-01-01T10:00:00.000Z', acknowledgedAt: null, embargoUntil: null, disclosedAt: null };

  it('marks an unacknowledged report overdue after 3 working days, not before', () => {
    expect(computeClocks({ ...base, status: 'new' }, new Date('2026-01-06T09:00:00Z')).overdue).toBe(false);
    const late = computeClocks({ ...base, status: 'new' }, new Date('2026-01-06T11:00:00Z'));
    expect(late.acknowledge.state).toBe('overdue');
    expect(late.overdue).toBe(true);
    const acked = computeClocks({ ...base, status: 'triaged', acknowledgedAt: '2026-01-02T00:00:00.000Z' }, new Date('2026-01-20T00:00:00Z'));
    expect(acked.acknowledge.state).toBe('done');
    expect(acked.overdue).toBe(false);
  });

  it('runs the 90-day disclosure clock until disclosed or declined', () => {
    const day91 = new Date('2026-04-02T10:00:01Z');
    const open = computeClocks({ ...base, status: 'accepted', acknowledgedAt: base.receivedAt }, day91);
    expect(open.disclose.due).toBe('2026-04-01T10:00:00.000Z');
    expect(open.disclose.state).toBe('overdue');
    expect(computeClocks({ ...base, status: 'declined', acknowledgedAt: base.receivedAt }, day91).overdue).toBe(false);
    expect(computeClocks({ ...base, status: 'disclosed', acknowledgedAt: base.receivedAt }, day91).disclose.state).toBe('done');
  });

  it('an embargo blocks disclosure until it ends', () => {
    expect(embargoBlocks('2026-02-01T00:00:00.000Z', new Date('2026-01-31T23:59:59Z'))).toBe(true);
    expect(embargoBlocks('2026-02-01T00:00:00.000Z', new Date('2026-02-01T00:00:00Z'))).toBe(false);
    expect(embargoBlocks(null)).toBe(false);
  });
});

describe('passwords', () => {
  it('hashes with scrypt and explicit parameters, verifies, rejects wrong and tampered', async () => {
    const h = await hashPassword('a long passphrase', TEST_SCRYPT);
    expect(h).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await verifyPassword('a long passphrase', h)).toBe(true);
    expect(await verifyPassword('a long passphrasE', h)).toBe(false);
    expect(await verifyPassword('a long passphrase', h.replace('$1024$', '$99999999$'))).toBe(false);
    expect(await verifyPassword('a long passphrase', 'plain')).toBe(false);
    expect(h).not.toBe(await hashPassword('a long passphrase', TEST_SCRYPT)); // salted
  });

  it('generates strong one-time passwords and enforces length', () => {
    const p = generatePassword();
    expect(p).toMatch(/^[A-Za-z2-9]{20}$/);
    expect(passwordProblem(p)).toBeUndefined();
    expect(passwordProblem('short')).toMatch(/at least 12/);
    expect(passwordProblem('x'.repeat(129))).toMatch(/at most 128/);
  });
});

describe('login limiter', () => {
  it('lets a few failures pass, then locks out with growing waits', () => {
    const l = new LoginLimiter({ freeAttempts: 3, baseLockMs: 1000, maxLockMs: 8000, forgetMs: 60_000 });
    const k = ['user:alice'];
    for (let i = 0; i < 2; i++) l.recordFailure(k, 0);
    expect(l.retryAfter(k, 0)).toBe(0);
    l.recordFailure(k, 0);
    expect(l.retryAfter(k, 0)).toBe(1000);
    l.recordFailure(k, 1000);
    expect(l.retryAfter(k, 1000)).toBe(2000);
    for (let i = 0; i < 5; i++) l.recordFailure(k, 3000);
    expect(l.retryAfter(k, 3000)).toBe(8000); // capped
    l.recordSuccess(k);
    expect(l.retryAfter(k, 3000)).toBe(0);
    expect(l.retryAfter(['ip:1'], 3000)).toBe(0);
  });
});

describe('answers', () => {
  const qs = [
    { id: 'a', prompt: 'A?', choices: [{ value: 'x', label: 'x' }, { value: 'y', label: 'y' }], multiple: false, required: true, defaults: [] },
    { id: 'm', prompt: 'M?', choices: [{ value: 'p', label: 'p' }, { value: 'q', label: 'q' }], multiple: true, required: false, defaults: [] },
  ];
  it('keeps offered choices, reports invented ones, and treats an empty multiple answer as "none"', () => {
    const form: Record<string, string[]> = { a: ['zzz'], m: ['', 'q', 'p'] };
    const r = readAnswers(qs, (id) => form[id]);
    expect(r.answers).toEqual({ m: ['p', 'q'] });
    expect(r.problems[0]).toMatch(/zzz is not one of the choices/);
    expect(readAnswers(qs, (id) => (id === 'm' ? [''] : undefined)).answers).toEqual({ m: [] });
    expect(readAnswers(qs, () => undefined).answers).toEqual({});
  });
});

describe('the verdict gate of the workflow', () => {
  const vuln = { model: 'a', verdict: 'vulnerability' };
  const info = { model: 'b', verdict: 'needs-info', missing: ['spec.target'] };
  const not = { model: 'c', verdict: 'not-a-vulnerability', reason: 'out-of-scope' };

  it('lets a report into accepted, fixed and disclosed only when at least one model calls it a vulnerability', () => {
    for (const to of VULNERABILITY_TRACK) {
      expect(verdictProblem(to, { outcomes: [info, vuln] })).toBeUndefined();
      expect(verdictProblem(to, { outcomes: [info, not] })).toBe(
        `cannot mark ${to}: no model calls this report a vulnerability (b: needs-info, missing spec.target; c: not-a-vulnerability (out-of-scope)); answer the missing facts (ask the reporter) or decline the report`,
      );
    }
    expect(verdictProblem('accepted', { outcomes: [not] })).toMatch(/decline the report instead$/);
    expect(verdictProblem('accepted', { problem: 'bad answers' })).toBe('cannot mark accepted: the answers cannot be judged (bad answers); correct them first');
  });

  it('does not gate acknowledging or declining', () => {
    expect(verdictProblem('triaged', { outcomes: [info] })).toBeUndefined();
    expect(verdictProblem('declined', { outcomes: [info] })).toBeUndefined();
    expect(verdictProblem('declined', {})).toBeUndefined();
  });
});
