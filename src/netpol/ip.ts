/**
 * IPv4 address ranges for ipBlock / ANP `networks` peers. Addresses are plain numbers 0 … 2^32-1 and a
 * range is inclusive [first, last]. IPv6 is recognised only to be skipped (the peer suite models IPv4).
 */

export type IpRange = readonly [number, number];

export const ALL_IPV4: IpRange = [0, 2 ** 32 - 1];

export function parseIpv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim());
  if (!m) return undefined;
  let n = 0;
  for (let i = 1; i <= 4; i++) {
    const o = Number(m[i]);
    if (o > 255) return undefined;
    n = n * 256 + o;
  }
  return n;
}

export function formatIpv4(n: number): string {
  return `${Math.floor(n / 2 ** 24) % 256}.${Math.floor(n / 2 ** 16) % 256}.${Math.floor(n / 2 ** 8) % 256}.${n % 256}`;
}

export type CidrParse = { kind: 'v4'; range: IpRange } | { kind: 'v6' } | { kind: 'bad' };

/** Parses `a.b.c.d/len` (host bits are ignored, as Kubernetes does) or recognises an IPv6 CIDR. */
export function parseCidr(text: string): CidrParse {
  const t = String(text).trim();
  if (t.includes(':')) return { kind: 'v6' };
  const m = /^([^/]+)\/(\d{1,2})$/.exec(t);
  if (!m) return { kind: 'bad' };
  const addr = parseIpv4(m[1]);
  const len = Number(m[2]);
  if (addr === undefined || len > 32) return { kind: 'bad' };
  const size = 2 ** (32 - len);
  const first = Math.floor(addr / size) * size;
  return { kind: 'v4', range: [first, first + size - 1] };
}

/** `range` minus every range of `holes`, as sorted disjoint ranges. */
export function subtractRanges(range: IpRange, holes: readonly IpRange[]): IpRange[] {
  let parts: IpRange[] = [range];
  for (const [hlo, hhi] of holes) {
    const next: IpRange[] = [];
    for (const [lo, hi] of parts) {
      if (hhi < lo || hlo > hi) {
        next.push([lo, hi]);
        continue;
      }
      if (hlo > lo) next.push([lo, hlo - 1]);
      if (hhi < hi) next.push([hhi + 1, hi]);
    }
    parts = next;
  }
  return parts.sort((a, b) => a[0] - b[0]);
}

/**
 * Cuts the whole IPv4 space into the fewest pieces such that every piece lies entirely inside or
 * outside each given range (the peer suite's IP peers).
 */
export function cutAddressSpace(ranges: readonly IpRange[]): IpRange[] {
  const cuts = new Set<number>([ALL_IPV4[0], ALL_IPV4[1] + 1]);
  for (const [lo, hi] of ranges) {
    cuts.add(lo);
    cuts.add(hi + 1);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: IpRange[] = [];
  for (let i = 0; i + 1 < points.length; i++) out.push([points[i], points[i + 1] - 1]);
  return out;
}

/** True when `piece` lies inside one of `ranges`. */
export function rangeInside(piece: IpRange, ranges: readonly IpRange[]): boolean {
  for (const [lo, hi] of ranges) if (lo <= piece[0] && piece[1] <= hi) return true;
  return false;
}

/** True when the address lies inside one of `ranges`. */
export function addressInside(addr: number, ranges: readonly IpRange[]): boolean {
  for (const [lo, hi] of ranges) if (lo <= addr && addr <= hi) return true;
  return false;
}

export function formatRange(r: IpRange): string {
  return `${formatIpv4(r[0])}-${formatIpv4(r[1])}`;
}
