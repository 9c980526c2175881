/**
 * Kubernetes label selectors (metav1.LabelSelector), with the API server's semantics:
 * `matchLabels` and `matchExpressions` are AND-ed; an empty selector `{}` selects everything.
 * An *absent* selector means different things in different places (a NetworkPolicy peer without
 * `namespaceSelector` means "the policy's namespace"), so absence is the caller's business: the
 * functions here take a present selector only.
 *
 * Also the `kubectl -l` string syntax (`env=prod,tier!=x,team in (a,b),!legacy`), used by options
 * such as `--tenant-selector`.
 */
import { UsageError } from '../util/errors.js';

export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface LabelSelectorRequirement {
  key: string;
  operator: SelectorOperator;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: LabelSelectorRequirement[] | null;
}

const OPERATORS: ReadonlySet<string> = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/**
 * True when `labels` satisfy every term of a present selector. `{}` matches everything.
 * A requirement with an unknown operator matches nothing (the API server would have refused it;
 * use `selectorProblem` to report it).
 */
export function matchesLabelSelector(sel: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  const ml = sel.matchLabels;
  if (ml) {
    for (const key of Object.keys(ml)) {
      if (!Object.prototype.hasOwnProperty.call(labels, key) || labels[key] !== String(ml[key])) return false;
    }
  }
  const me = sel.matchExpressions;
  if (me) {
    for (const req of me) {
      if (!matchesRequirement(req, labels)) return false;
    }
  }
  return true;
}

/** Long value lists as sets, built once per list (harden's re-audit selects 10,000 tenants by name with one `In`). */
const LONG_LIST = 16;
const valueSets = new WeakMap<readonly unknown[], Set<string>>();

function inValues(values: readonly unknown[] | undefined, value: string): boolean {
  if (!values) return false;
  if (values.length < LONG_LIST) return values.some((v) => String(v) === value);
  let set = valueSets.get(values);
  if (!set) valueSets.set(values, (set = new Set(values.map(String))));
  return set.has(value);
}

function matchesRequirement(req: LabelSelectorRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  switch (req.operator) {
    case 'In':
      return has && inValues(req.values, labels[req.key]);
    case 'NotIn':
      // A pod without the key satisfies NotIn, as in Kubernetes.
      return !has || !inValues(req.values, labels[req.key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}

/** True for `{}` (and `{matchLabels: {}, matchExpressions: []}`): the selector matches everything. */
export function isEmptySelector(sel: LabelSelector): boolean {
  return Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0;
}

/** The label keys a selector looks at, sorted and without duplicates. */
export function selectorKeys(sel: LabelSelector): string[] {
  const keys = new Set<string>(Object.keys(sel.matchLabels ?? {}));
  for (const req of sel.matchExpressions ?? []) keys.add(req.key);
  return [...keys].sort();
}

/**
 * What is wrong with a selector as the API server would validate it, or undefined when it is valid:
 * unknown operator, In/NotIn without values, Exists/DoesNotExist with values, bad label keys or values.
 */
export function selectorProblem(sel: unknown): string | undefined {
  if (sel === null || typeof sel !== 'object' || Array.isArray(sel)) return 'a label selector must be a mapping';
  const s = sel as Record<string, unknown>;
  for (const key of Object.keys(s)) {
    if (key !== 'matchLabels' && key !== 'matchExpressions') return `unknown selector field "${key}"`;
  }
  if (s.matchLabels != null) {
    if (typeof s.matchLabels !== 'object' || Array.isArray(s.matchLabels)) return 'matchLabels must be a mapping';
    for (const [k, v] of Object.entries(s.matchLabels as Record<string, unknown>)) {
      const kp = labelKeyProblem(k);
      if (kp) return `matchLabels: ${kp}`;
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
        return `matchLabels.${k}: the value must be a string`;
      }
      const vp = labelValueProblem(String(v));
      if (vp) return `matchLabels.${k}: ${vp}`;
    }
  }
  if (s.matchExpressions != null) {
    if (!Array.isArray(s.matchExpressions)) return 'matchExpressions must be a list';
    for (const [i, raw] of (s.matchExpressions as unknown[]).entries()) {
      const where = `matchExpressions[${i}]`;
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return `${where} must be a mapping`;
      const req = raw as Record<string, unknown>;
      if (typeof req.key !== 'string') return `${where}.key is required`;
      const kp = labelKeyProblem(req.key);
      if (kp) return `${where}.key: ${kp}`;
      if (typeof req.operator !== 'string' || !OPERATORS.has(req.operator)) {
        return `${where}.operator must be one of In, NotIn, Exists, DoesNotExist (got ${JSON.stringify(req.operator)})`;
      }
      const values = req.values ?? [];
      if (!Array.isArray(values)) return `${where}.values must be a list`;
      if ((req.operator === 'In' || req.operator === 'NotIn') && values.length === 0) {
        return `${where}: operator ${req.operator} needs at least one value`;
      }
      if ((req.operator === 'Exists' || req.operator === 'DoesNotExist') && values.length > 0) {
        return `${where}: operator ${req.operator} takes no values`;
      }
      for (const v of values) {
        const vp = labelValueProblem(String(v));
        if (vp) return `${where}.values: ${vp}`;
      }
    }
  }
  return undefined;
}

const NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Validates a label key: optional DNS-subdomain prefix (≤253) and `/`, then a name (≤63). */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return `invalid label key "${key}": the prefix must be a DNS subdomain`;
  }
  if (name.length === 0 || name.length > 63 || !NAME_PART.test(name)) {
    return `invalid label key "${key}": the name must be 1-63 characters of [A-Za-z0-9-_.], starting and ending alphanumeric`;
  }
  return undefined;
}

/** Validates a label value: empty, or ≤63 characters of [A-Za-z0-9-_.] starting and ending alphanumeric. */
export function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63 || !NAME_PART.test(value)) {
    return `invalid label value "${value}": at most 63 characters of [A-Za-z0-9-_.], starting and ending alphanumeric`;
  }
  return undefined;
}

/** Renders a selector in the `kubectl -l` syntax; `{}` renders as `<all>`. Sorted, so stable. */
export function formatSelector(sel: LabelSelector): string {
  const parts: string[] = [];
  for (const key of Object.keys(sel.matchLabels ?? {}).sort()) parts.push(`${key}=${sel.matchLabels![key]}`);
  const reqs = [...(sel.matchExpressions ?? [])].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const req of reqs) {
    const values = [...(req.values ?? [])].map(String).sort().join(',');
    switch (req.operator) {
      case 'In':
        parts.push(`${req.key} in (${values})`);
        break;
      case 'NotIn':
        parts.push(`${req.key} notin (${values})`);
        break;
      case 'Exists':
        parts.push(req.key);
        break;
      case 'DoesNotExist':
        parts.push(`!${req.key}`);
        break;
      default:
        parts.push(`${req.key} ${String(req.operator)} (${values})`);
    }
  }
  return parts.length === 0 ? '<all>' : parts.join(',');
}

/**
 * Parses the `kubectl -l` selector syntax into a LabelSelector:
 * `k=v` / `k==v` (matchLabels), `k!=v` (NotIn [v]: also matches pods without `k`),
 * `k in (a,b)`, `k notin (a,b)`, `k` (Exists), `!k` (DoesNotExist); terms joined by `,`.
 * An empty string is the empty selector (matches everything). Bad syntax → UsageError (exit 2).
 */
export function parseSelectorString(text: string, option = '--tenant-selector'): LabelSelector {
  const p = new SelectorParser(text, option);
  return p.parse();
}

class SelectorParser {
  private pos = 0;
  constructor(
    private readonly text: string,
    private readonly option: string,
  ) {}

  parse(): LabelSelector {
    const matchLabels: Record<string, string> = {};
    const matchExpressions: LabelSelectorRequirement[] = [];
    this.skipSpace();
    if (this.pos >= this.text.length) return {};
    for (;;) {
      this.term(matchLabels, matchExpressions);
      this.skipSpace();
      if (this.pos >= this.text.length) break;
      this.expect(',');
      this.skipSpace();
      if (this.pos >= this.text.length) this.fail('expected a term after ","');
    }
    const sel: LabelSelector = {};
    if (Object.keys(matchLabels).length > 0) sel.matchLabels = matchLabels;
    if (matchExpressions.length > 0) sel.matchExpressions = matchExpressions;
    return sel;
  }

  private term(matchLabels: Record<string, string>, exprs: LabelSelectorRequirement[]): void {
    if (this.peek() === '!') {
      this.pos++;
      this.skipSpace();
      exprs.push({ key: this.key(), operator: 'DoesNotExist' });
      return;
    }
    const key = this.key();
    this.skipSpace();
    const rest = this.text.slice(this.pos);
    if (rest.startsWith('==') || rest.startsWith('=')) {
      this.pos += rest.startsWith('==') ? 2 : 1;
      const value = this.value();
      if (key in matchLabels && matchLabels[key] !== value) {
        // k=a,k=b can never match; keep both as In requirements so the selector stays honest.
        exprs.push({ key, operator: 'In', values: [value] });
      } else {
        matchLabels[key] = value;
      }
    } else if (rest.startsWith('!=')) {
      this.pos += 2;
      exprs.push({ key, operator: 'NotIn', values: [this.value()] });
    } else if (/^in\s*\(/.test(rest)) {
      this.pos += 2;
      exprs.push({ key, operator: 'In', values: this.valueSet() });
    } else if (/^notin\s*\(/.test(rest)) {
      this.pos += 5;
      exprs.push({ key, operator: 'NotIn', values: this.valueSet() });
    } else if (rest === '' || rest.startsWith(',')) {
      exprs.push({ key, operator: 'Exists' });
    } else {
      this.fail(`expected =, ==, !=, in (…), notin (…) or "," after "${key}"`);
    }
  }

  private key(): string {
    const start = this.pos;
    while (this.pos < this.text.length && /[A-Za-z0-9\-_./]/.test(this.text[this.pos])) this.pos++;
    const key = this.text.slice(start, this.pos);
    if (key === '') this.fail('expected a label key');
    const problem = labelKeyProblem(key);
    if (problem) this.fail(problem, start);
    return key;
  }

  private value(): string {
    this.skipSpace();
    const start = this.pos;
    while (this.pos < this.text.length && /[A-Za-z0-9\-_.]/.test(this.text[this.pos])) this.pos++;
    const value = this.text.slice(start, this.pos);
    const problem = labelValueProblem(value);
    if (problem) this.fail(problem, start);
    return value;
  }

  private valueSet(): string[] {
    this.skipSpace();
    this.expect('(');
    const values: string[] = [];
    for (;;) {
      this.skipSpace();
      values.push(this.value());
      this.skipSpace();
      if (this.peek() === ')') {
        this.pos++;
        break;
      }
      this.expect(',');
    }
    if (values.length === 1 && values[0] === '') this.fail('a value set needs at least one value');
    return [...new Set(values)];
  }

  private expect(ch: string): void {
    if (this.peek() !== ch) {
      this.fail(this.pos >= this.text.length ? `expected "${ch}" at the end` : `expected "${ch}", found "${this.peek()}"`);
    }
    this.pos++;
  }

  private peek(): string | undefined {
    return this.text[this.pos];
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  private fail(message: string, at = this.pos): never {
    throw new UsageError(`option ${this.option}: ${message} (at character ${at + 1} of "${this.text}")`);
  }
}

/**
 * The labels someone who may change every label but the `fixed` ones would set so that `sel` matches: undefined when
 * no such labels exist (e.g. the selector pins `kubernetes.io/metadata.name`, which the API server keeps equal to the
 * namespace's name). Each key is decided on its own — absent, one of the values the selector names, or a fresh value —
 * which is exact, since selector requirements never relate two keys.
 */
export function labelsToMatch(sel: LabelSelector, current: Readonly<Record<string, string>>, fixed: Readonly<Record<string, string>>): Record<string, string> | undefined {
  const byKey = new Map<string, LabelSelector>();
  const part = (key: string) => {
    let s = byKey.get(key);
    if (!s) byKey.set(key, (s = { matchLabels: {}, matchExpressions: [] }));
    return s;
  };
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) part(k).matchLabels![k] = String(v);
  for (const req of sel.matchExpressions ?? []) part(req.key).matchExpressions!.push(req);
  const witness: Record<string, string> = { ...current, ...fixed };
  for (const [key, s] of byKey) {
    if (Object.prototype.hasOwnProperty.call(fixed, key)) {
      if (!matchesLabelSelector(s, { [key]: fixed[key] })) return undefined;
      continue;
    }
    const named = [...Object.values(s.matchLabels ?? {}), ...(s.matchExpressions ?? []).flatMap((r) => (r.values ?? []).map(String))];
    // Keep the current value if it already fits; else drop the label, or set a value the selector names, or a fresh one.
    const options: Array<Record<string, string>> = [
      ...(Object.prototype.hasOwnProperty.call(current, key) ? [{ [key]: current[key] }] : []),
      {},
      ...named.map((v) => ({ [key]: v })),
      { [key]: named.length ? `not-${named.join('-')}` : 'true' },
    ];
    const hit = options.find((o) => matchesLabelSelector(s, o));
    if (!hit) return undefined;
    if (Object.prototype.hasOwnProperty.call(hit, key)) witness[key] = hit[key];
    else delete witness[key];
  }
  return witness;
}

/**
 * Items (namespaces, pod classes) indexed by label key and value, so a selector with a positive term (a matchLabels
 * pair, `In`, `Exists`) looks only at the items that carry it instead of scanning every item. Answers are exactly
 * `items.filter((x) => matchesLabelSelector(sel, labelsOf(x)))`, in item order.
 */
export class LabelIndex<T> {
  private readonly byKeyValue = new Map<string, Map<string, number[]>>();
  private readonly byKey = new Map<string, number[]>();

  constructor(
    private readonly items: readonly T[],
    private readonly labelsOf: (item: T) => Readonly<Record<string, string>>,
  ) {
    items.forEach((item, i) => {
      const labels = labelsOf(item);
      for (const key of Object.keys(labels)) {
        let values = this.byKeyValue.get(key);
        if (!values) this.byKeyValue.set(key, (values = new Map()));
        const list = values.get(labels[key]);
        if (list) list.push(i);
        else values.set(labels[key], [i]);
        const keyed = this.byKey.get(key);
        if (keyed) keyed.push(i);
        else this.byKey.set(key, [i]);
      }
    });
  }

  /** The items a selector matches, in item order. */
  matching(sel: LabelSelector): T[] {
    const candidates = this.candidates(sel);
    const out: T[] = [];
    if (!candidates) {
      for (const item of this.items) if (matchesLabelSelector(sel, this.labelsOf(item))) out.push(item);
      return out;
    }
    for (const i of candidates) if (matchesLabelSelector(sel, this.labelsOf(this.items[i]))) out.push(this.items[i]);
    return out;
  }

  /** The smallest list of item positions some positive term allows (sorted); undefined = no positive term. */
  private candidates(sel: LabelSelector): number[] | undefined {
    let best: number[] | undefined;
    const consider = (list: number[]) => {
      if (!best || list.length < best.length) best = list;
    };
    for (const [key, value] of Object.entries(sel.matchLabels ?? {})) consider(this.byKeyValue.get(key)?.get(String(value)) ?? []);
    for (const req of sel.matchExpressions ?? []) {
      if (req.operator === 'Exists') consider(this.byKey.get(req.key) ?? []);
      else if (req.operator === 'In') {
        const values = this.byKeyValue.get(req.key);
        const merged = new Set<number>();
        for (const v of new Set((req.values ?? []).map(String))) for (const i of values?.get(v) ?? []) merged.add(i);
        consider([...merged].sort((a, b) => a - b));
      }
    }
    return best;
  }
}
