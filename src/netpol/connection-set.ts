/**
 * Connection sets: for each protocol (TCP, UDP, SCTP) an exact set of ports 1–65535, kept as sorted,
 * disjoint, non-adjacent closed intervals. Values are immutable; every operation returns a new set,
 * so sets can be shared and interned freely (np-guard's "connection set" idea).
 */

export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

/** Flat interval list: [lo0, hi0, lo1, hi1, …], sorted, disjoint and never touching. */
type Intervals = readonly number[];

const FULL: Intervals = Object.freeze([MIN_PORT, MAX_PORT]);
const EMPTY_IV: Intervals = Object.freeze([]);

function protoIndex(p: Protocol): number {
  return p === 'TCP' ? 0 : p === 'UDP' ? 1 : 2;
}

function unionIv(a: Intervals, b: Intervals): Intervals {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  let curLo = -1;
  let curHi = -2;
  while (i < a.length || j < b.length) {
    let lo: number;
    let hi: number;
    if (j >= b.length || (i < a.length && a[i] <= b[j])) {
      lo = a[i];
      hi = a[i + 1];
      i += 2;
    } else {
      lo = b[j];
      hi = b[j + 1];
      j += 2;
    }
    if (curHi < 0) {
      curLo = lo;
      curHi = hi;
    } else if (lo <= curHi + 1) {
      if (hi > curHi) curHi = hi;
    } else {
      out.push(curLo, curHi);
      curLo = lo;
      curHi = hi;
    }
  }
  if (curHi >= 0) out.push(curLo, curHi);
  return out;
}

function intersectIv(a: Intervals, b: Intervals): Intervals {
  if (a.length === 0 || b.length === 0) return EMPTY_IV;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i], b[j]);
    const hi = Math.min(a[i + 1], b[j + 1]);
    if (lo <= hi) out.push(lo, hi);
    if (a[i + 1] < b[j + 1]) i += 2;
    else j += 2;
  }
  return out;
}

function complementIv(a: Intervals): Intervals {
  const out: number[] = [];
  let next = MIN_PORT;
  for (let i = 0; i < a.length; i += 2) {
    if (a[i] > next) out.push(next, a[i] - 1);
    next = a[i + 1] + 1;
  }
  if (next <= MAX_PORT) out.push(next, MAX_PORT);
  return out;
}

function equalIv(a: Intervals, b: Intervals): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function isFullIv(a: Intervals): boolean {
  return a.length === 2 && a[0] === MIN_PORT && a[1] === MAX_PORT;
}

export class ConnectionSet {
  private constructor(private readonly iv: readonly [Intervals, Intervals, Intervals]) {}

  static readonly EMPTY = new ConnectionSet([EMPTY_IV, EMPTY_IV, EMPTY_IV]);
  static readonly ALL = new ConnectionSet([FULL, FULL, FULL]);

  /** Ports `from`–`to` (inclusive) of one protocol; out-of-range parts are clipped. */
  static ports(protocol: Protocol, from: number, to: number = from): ConnectionSet {
    const lo = Math.max(MIN_PORT, Math.floor(from));
    const hi = Math.min(MAX_PORT, Math.floor(to));
    if (!(lo <= hi)) return ConnectionSet.EMPTY;
    const iv: [Intervals, Intervals, Intervals] = [EMPTY_IV, EMPTY_IV, EMPTY_IV];
    iv[protoIndex(protocol)] = [lo, hi];
    return new ConnectionSet(iv);
  }

  /** Every port of one protocol. */
  static protocol(protocol: Protocol): ConnectionSet {
    return ConnectionSet.ports(protocol, MIN_PORT, MAX_PORT);
  }

  union(o: ConnectionSet): ConnectionSet {
    if (o.isEmpty() || this === o) return this;
    if (this.isEmpty()) return o;
    return new ConnectionSet([unionIv(this.iv[0], o.iv[0]), unionIv(this.iv[1], o.iv[1]), unionIv(this.iv[2], o.iv[2])]);
  }

  intersect(o: ConnectionSet): ConnectionSet {
    if (this === o) return this;
    if (this.isEmpty() || o.isEmpty()) return ConnectionSet.EMPTY;
    if (o.isAll()) return this;
    if (this.isAll()) return o;
    return new ConnectionSet([
      intersectIv(this.iv[0], o.iv[0]),
      intersectIv(this.iv[1], o.iv[1]),
      intersectIv(this.iv[2], o.iv[2]),
    ]);
  }

  subtract(o: ConnectionSet): ConnectionSet {
    if (o.isEmpty() || this.isEmpty()) return this;
    return this.intersect(o.complement());
  }

  complement(): ConnectionSet {
    return new ConnectionSet([complementIv(this.iv[0]), complementIv(this.iv[1]), complementIv(this.iv[2])]);
  }

  isEmpty(): boolean {
    return this.iv[0].length === 0 && this.iv[1].length === 0 && this.iv[2].length === 0;
  }

  isAll(): boolean {
    return isFullIv(this.iv[0]) && isFullIv(this.iv[1]) && isFullIv(this.iv[2]);
  }

  equals(o: ConnectionSet): boolean {
    return this === o || (equalIv(this.iv[0], o.iv[0]) && equalIv(this.iv[1], o.iv[1]) && equalIv(this.iv[2], o.iv[2]));
  }

  /** True when every connection of this set is also in `o`. */
  isSubsetOf(o: ConnectionSet): boolean {
    return this.subtract(o).isEmpty();
  }

  /** True when some connection is in both sets (cheaper than building the intersection). */
  intersects(o: ConnectionSet): boolean {
    for (let p = 0; p < 3; p++) {
      const a = this.iv[p];
      const b = o.iv[p];
      let i = 0;
      let j = 0;
      while (i < a.length && j < b.length) {
        if (Math.max(a[i], b[j]) <= Math.min(a[i + 1], b[j + 1])) return true;
        if (a[i + 1] < b[j + 1]) i += 2;
        else j += 2;
      }
    }
    return false;
  }

  /** True when the set allows `port` of `protocol`. */
  has(protocol: Protocol, port: number): boolean {
    const a = this.iv[protoIndex(protocol)];
    for (let i = 0; i < a.length; i += 2) if (a[i] <= port && port <= a[i + 1]) return true;
    return false;
  }

  /** The port intervals of one protocol as [from, to] pairs. */
  intervals(protocol: Protocol): Array<[number, number]> {
    const a = this.iv[protoIndex(protocol)];
    const out: Array<[number, number]> = [];
    for (let i = 0; i < a.length; i += 2) out.push([a[i], a[i + 1]]);
    return out;
  }

  /**
   * Canonical text, the peer suite's format: `All Connections`, `No Connections`, or groups
   * `PROTO p,a-b` sorted as strings (SCTP < TCP < UDP) and joined by `,`.
   */
  toString(): string {
    if (this.isAll()) return 'All Connections';
    if (this.isEmpty()) return 'No Connections';
    const groups: string[] = [];
    for (const proto of PROTOCOLS) {
      const a = this.iv[protoIndex(proto)];
      if (a.length === 0) continue;
      const parts: string[] = [];
      for (let i = 0; i < a.length; i += 2) parts.push(a[i] === a[i + 1] ? `${a[i]}` : `${a[i]}-${a[i + 1]}`);
      groups.push(`${proto} ${parts.join(',')}`);
    }
    return groups.sort().join(',');
  }

  /** Structured form for JSON output: protocol → port ranges, only protocols with ports. */
  toJSON(): Record<string, Array<[number, number]>> | 'all' {
    if (this.isAll()) return 'all';
    const out: Record<string, Array<[number, number]>> = {};
    for (const proto of [...PROTOCOLS].sort()) {
      const ranges = this.intervals(proto);
      if (ranges.length > 0) out[proto] = ranges;
    }
    return out;
  }

  /** Parses the canonical text back (used by tests and `--to ns/w:port` style inputs). */
  static parse(text: string): ConnectionSet {
    const t = text.trim();
    if (t === 'All Connections') return ConnectionSet.ALL;
    if (t === 'No Connections' || t === '') return ConnectionSet.EMPTY;
    let out = ConnectionSet.EMPTY;
    let proto: Protocol | undefined;
    for (const raw of t.split(',')) {
      let tok = raw.trim();
      const m = /^(TCP|UDP|SCTP)\s+(.*)$/.exec(tok);
      if (m) {
        proto = m[1] as Protocol;
        tok = m[2];
      }
      if (!proto) throw new Error(`connection set "${text}": a port list must follow a protocol`);
      const r = /^(\d+)(?:-(\d+))?$/.exec(tok);
      if (!r) throw new Error(`connection set "${text}": bad port "${tok}"`);
      out = out.union(ConnectionSet.ports(proto, Number(r[1]), Number(r[2] ?? r[1])));
    }
    return out;
  }
}
