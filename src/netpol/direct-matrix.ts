/**
 * The namespace × namespace "direct" matrix without visiting every class pair.
 *
 * One side of a connection (a profile, src/netpol/engine.ts) reads the remote class only through which of the
 * profile's peers match it. Peers are split in two:
 *  - *global* peers: the few largest peer meanings (e.g. an ANP's "namespaces with env In [dev, test]", a BANP's
 *    "namespaces with team"), up to 24, each one bit. A class's *atom* is the set of global peers it matches;
 *  - *local* peers: every other non-universal pod peer (they match few classes: a namespace, a team's namespaces).
 * For a remote that matches no local peer of the profile, the side's value depends only on the remote's atom (and, for
 * egress with named ports, its port signature). So a source is summed up by its *src kind* (its egress value for every
 * destination atom × port signature, and its own atom), a destination by its *dst kind* (its ingress value for every
 * source atom, its atom and port signature), and for namespaces A ≠ B:
 *
 *   pairs whose two sides depend on atoms only, with a non-empty intersection
 *     = Σ over (src kind k in A, dst kind t in B) count·count·compat(k, t)   (counted, not visited)
 *     − those of them that are local pairs (visited: a local peer matches one end; they are few)
 *   direct(A, B) ⇔ that number > 0, or some local pair of A × B has a non-empty connection.
 *
 * Exact whatever the split (the split only decides what is counted and what is visited); nothing depends on
 * policies repeating. The diagonal (A = A) is computed by visiting the pairs inside each namespace.
 */
import { ConnectionSet } from './connection-set.js';
import type { Engine, PeerMatch, Profile } from './engine.js';
import type { ContainerPort } from '../k8s/types.js';

export interface DirectMatrix {
  /** Namespace names, index = engine namespace index. */
  namespaces: string[];
  /** direct[a * n + b] = 1 when some workload of a reaches some other workload of b. */
  direct: Uint8Array;
}

export interface DirectMatrixOptions {
  /** At most this many global peers (default and cap 24: an atom is a bit set in one number). */
  maxGlobal?: number;
  /** A peer is global only when it matches at least this many classes (default: 1/32 of the classes, at least 2). */
  minGlobalSize?: number;
}

const MAX_GLOBAL = 24;

class Interner<T> {
  private ids = new Map<string, number>();
  readonly values: T[] = [];
  id(key: string, value: T): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(key, id);
      this.values.push(value);
    }
    return id;
  }
}

export function directMatrix(engine: Engine, opts: DirectMatrixOptions = {}): DirectMatrix {
  const { classes, namespaces, classesByNs, sigPorts } = engine.index;
  const n = namespaces.length;
  const nc = classes.length;
  const direct = new Uint8Array(n * n);
  const names = namespaces.map((x) => x.name);
  if (nc === 0) return { namespaces: names, direct };
  const conns = new Interner<ConnectionSet>();
  const connId = (c: ConnectionSet) => conns.id(c.toString(), c);
  const nSig = sigPorts.length;

  // Global peers and atoms.
  const meanings = new Set<PeerMatch>();
  for (const prof of [...engine.ingressProfiles, ...engine.egressProfiles]) {
    for (const peer of engine.profilePeers(prof)) {
      if (peer.kind !== 'pods') continue;
      const m = engine.peerMatch(peer);
      if (!m.all) meanings.add(m);
    }
  }
  const minSize = opts.minGlobalSize ?? Math.max(2, Math.ceil(nc / 32));
  const global = [...meanings]
    .filter((m) => m.set.size >= minSize)
    .sort((a, b) => b.set.size - a.set.size)
    .slice(0, Math.min(opts.maxGlobal ?? MAX_GLOBAL, MAX_GLOBAL));
  const globalBit = new Map(global.map((m, i) => [m, 1 << i]));
  const gamma = new Int32Array(nc);
  for (const [m, bit] of globalBit) for (const c of m.set) gamma[c] |= bit;
  const atomIds = new Map<number, number>();
  const atomBits: number[] = [];
  const atomOf = new Int32Array(nc);
  for (let c = 0; c < nc; c++) {
    let a = atomIds.get(gamma[c]);
    if (a === undefined) {
      a = atomBits.length;
      atomIds.set(gamma[c], a);
      atomBits.push(gamma[c]);
    }
    atomOf[c] = a;
  }
  const nAtoms = atomBits.length;

  // A side's value towards a remote that matches none of the profile's local peers: only its global bits matter.
  const maskOf = new Map<Profile, number>();
  const localsOf = new Map<Profile, PeerMatch[]>();
  for (const prof of [...engine.ingressProfiles, ...engine.egressProfiles]) {
    let mask = 0;
    const locals: PeerMatch[] = [];
    for (const peer of engine.profilePeers(prof)) {
      if (peer.kind !== 'pods') continue;
      const m = engine.peerMatch(peer);
      if (m.all) continue;
      const bit = globalBit.get(m);
      if (bit !== undefined) mask |= bit;
      else locals.push(m);
    }
    maskOf.set(prof, mask);
    localsOf.set(prof, locals);
  }
  const atomValue = (prof: Profile, bits: number, ports: readonly ContainerPort[]): number =>
    connId(
      engine.evaluate(
        prof,
        (peer) => {
          if (engine.isUniversal(peer)) return true;
          if (peer.kind !== 'pods') return false;
          const bit = globalBit.get(engine.peerMatch(peer));
          return bit !== undefined && (bits & bit) !== 0;
        },
        ports,
      ),
    );

  // Dst kinds: (ingress value per source atom, own atom, port signature).
  const vectors = new Interner<number[]>();
  const inVec = engine.ingressProfiles.map((prof) => {
    const mask = maskOf.get(prof)!;
    const memo = new Map<number, number>();
    const vec = atomBits.map((bits) => {
      const key = bits & mask;
      let v = memo.get(key);
      if (v === undefined) memo.set(key, (v = atomValue(prof, key, prof.ports)));
      return v;
    });
    return vectors.id(vec.join(','), vec);
  });
  // Src kinds: (egress value per destination atom × port signature, own atom).
  const egVec = engine.egressProfiles.map((prof) => {
    const mask = maskOf.get(prof)!;
    const memo = new Map<string, number>();
    const vec: number[] = [];
    for (let a = 0; a < nAtoms; a++) {
      for (let sig = 0; sig < nSig; sig++) {
        const bits = atomBits[a] & mask;
        const key = prof.usesNamedPorts ? `${bits}/${sig}` : `${bits}`;
        let v = memo.get(key);
        if (v === undefined) memo.set(key, (v = atomValue(prof, bits, prof.usesNamedPorts ? sigPorts[sig] : [])));
        vec.push(v);
      }
    }
    return vectors.id(vec.join(','), vec);
  });
  const srcKinds = new Interner<[number, number]>();
  const dstKinds = new Interner<[number, number, number]>();
  const srcKind = new Int32Array(nc);
  const dstKind = new Int32Array(nc);
  for (const c of classes) {
    const ev = egVec[engine.egProfileOf[c.id]];
    srcKind[c.id] = srcKinds.id(`${ev}|${atomOf[c.id]}`, [ev, atomOf[c.id]]);
    const iv = inVec[engine.inProfileOf[c.id]];
    dstKind[c.id] = dstKinds.id(`${iv}|${atomOf[c.id]}|${c.portSig}`, [iv, atomOf[c.id], c.portSig]);
  }
  const K = srcKinds.values.length;
  const T = dstKinds.values.length;
  const compat = new Uint8Array(K * T);
  const interMemo = new Map<number, boolean>();
  const nConn = conns.values.length;
  for (let k = 0; k < K; k++) {
    const [ev, srcAtom] = srcKinds.values[k];
    const egress = vectors.values[ev];
    for (let t = 0; t < T; t++) {
      const [iv, dstAtom, sig] = dstKinds.values[t];
      const e = egress[dstAtom * nSig + sig];
      const i = vectors.values[iv][srcAtom];
      const key = e * nConn + i;
      let ok = interMemo.get(key);
      if (ok === undefined) interMemo.set(key, (ok = conns.values[e].intersects(conns.values[i])));
      compat[k * T + t] = ok ? 1 : 0;
    }
  }

  // Per namespace: counts of src kinds, and W[b][k] = Σ_t count_b(t) · compat(k, t).
  const srcCounts: Array<Array<[number, number]>> = [];
  const W = new Float64Array(n * K);
  for (let a = 0; a < n; a++) {
    const sc = new Map<number, number>();
    const dc = new Map<number, number>();
    for (const c of classesByNs[a]) {
      sc.set(srcKind[c], (sc.get(srcKind[c]) ?? 0) + 1);
      dc.set(dstKind[c], (dc.get(dstKind[c]) ?? 0) + 1);
    }
    srcCounts.push([...sc.entries()]);
    for (const [t, cnt] of dc) for (let k = 0; k < K; k++) if (compat[k * T + t]) W[a * K + k] += cnt;
  }

  // The count of a cell: pairs whose sides depend on atoms only and agree (local pairs included, see the correction).
  // A mask per namespace (bit k mod 31 of each src kind it has, resp. each src kind some of its destinations admit)
  // tells with one AND that a count is zero: most cells of a default-deny cluster. The mask only filters.
  const srcMask = new Int32Array(n);
  const dstMask = new Int32Array(n);
  for (let a = 0; a < n; a++) {
    for (const [k] of srcCounts[a]) srcMask[a] |= 1 << k % 31;
    for (let k = 0; k < K; k++) if (W[a * K + k] > 0) dstMask[a] |= 1 << k % 31;
  }
  const countOf = (a: number, b: number): number => {
    if ((srcMask[a] & dstMask[b]) === 0) return 0;
    const sc = srcCounts[a];
    let total = 0;
    for (let i = 0; i < sc.length; i++) total += sc[i][1] * W[b * K + sc[i][0]];
    return total;
  };

  // Local pairs: a local peer of the destination's ingress matches the source, or one of the source's egress matches
  // the destination. Visit each once, correct the count, and evaluate exactly. A cell already direct needs neither.
  // Pairs are taken by profile: the side that makes the pair local is the same for every class of that profile, so
  // it is evaluated once per remote, and a remote it refuses costs the other classes only the count correction.
  const localRemotes = (prof: Profile): Set<number> => {
    const out = new Set<number>();
    for (const m of localsOf.get(prof)!) for (const c of m.set) out.add(c);
    return out;
  };
  const inLocal = engine.ingressProfiles.map(localRemotes);
  const egLocal = engine.egressProfiles.map(localRemotes);
  const byInProfile: number[][] = engine.ingressProfiles.map(() => []);
  const byEgProfile: number[][] = engine.egressProfiles.map(() => []);
  for (let c = 0; c < nc; c++) {
    byInProfile[engine.inProfileOf[c]].push(c);
    byEgProfile[engine.egProfileOf[c]].push(c);
  }
  const corr = new Map<number, number>();
  // The cell of a local pair still to decide (counted in the correction), or -1 when there is nothing to do.
  // The correction is kept only for cells whose count is non-zero: the others are decided by local pairs alone.
  const nsOf = Int32Array.from(classes, (c) => c.ns.index);
  const openCell = (s: number, d: number): number => {
    const A = nsOf[s];
    const B = nsOf[d];
    if (A === B) return -1;
    const cell = A * n + B;
    if (direct[cell]) return -1;
    if (compat[srcKind[s] * T + dstKind[d]] && countOf(A, B) > 0) corr.set(cell, (corr.get(cell) ?? 0) + 1);
    return cell;
  };
  // The side of a local pair that is not what makes it local reads the remote through global peers only: its value
  // is the one already computed per atom (as for the counted pairs), a table read instead of an evaluation.
  const ingressFromAtom = (d: number, s: number): ConnectionSet => conns.values[vectors.values[inVec[engine.inProfileOf[d]]][atomOf[s]]];
  const egressSide = (s: number, d: number): ConnectionSet =>
    egLocal[engine.egProfileOf[s]].has(d)
      ? engine.egressTo(classes[s], classes[d])
      : conns.values[vectors.values[egVec[engine.egProfileOf[s]]][atomOf[d] * nSig + classes[d].portSig]];
  engine.ingressProfiles.forEach((_prof, p) => {
    const dsts = byInProfile[p];
    if (dsts.length === 0) return;
    for (const s of inLocal[p]) {
      // The ingress side reads the source only (the profile fixes the subject's ports): once per source, and only
      // when some pair has a cell to decide (a same-namespace source, common for "from my namespace" rules, has none).
      let ing: ConnectionSet | undefined;
      for (const d of dsts) {
        const cell = openCell(s, d);
        if (cell < 0) continue;
        ing ??= engine.ingressFrom(classes[dsts[0]], classes[s]);
        if (!ing.isEmpty() && ing.intersects(egressSide(s, d))) direct[cell] = 1;
      }
    }
  });
  engine.egressProfiles.forEach((_prof, p) => {
    const srcs = byEgProfile[p];
    if (srcs.length === 0) return;
    for (const d of egLocal[p]) {
      let eg: ConnectionSet | undefined; // as `ing` above: once per destination, when a cell is to decide
      const visitedFromIngress = inLocal[engine.inProfileOf[d]];
      // The sources left match no local peer of d's ingress: whether a pair connects depends on the source's atom.
      const connectsFromAtom = new Map<number, boolean>();
      for (const s of srcs) {
        if (visitedFromIngress.has(s)) continue; // already visited from the ingress side
        const cell = openCell(s, d);
        if (cell < 0) continue;
        eg ??= engine.egressTo(classes[srcs[0]], classes[d]);
        if (eg.isEmpty()) continue;
        let connects = connectsFromAtom.get(atomOf[s]);
        if (connects === undefined) connectsFromAtom.set(atomOf[s], (connects = eg.intersects(ingressFromAtom(d, s))));
        if (connects) direct[cell] = 1;
      }
    }
  });

  // Off-diagonal cells from the counts.
  for (let a = 0; a < n; a++) {
    if (srcMask[a] === 0) continue;
    for (let b = 0; b < n; b++) {
      if (a === b) continue;
      const cell = a * n + b;
      if (direct[cell]) continue;
      const total = countOf(a, b);
      if (total > 0 && total - (corr.get(cell) ?? 0) > 0) direct[cell] = 1;
    }
  }

  // Diagonal: pairs of distinct workloads inside one namespace.
  for (let a = 0; a < n; a++) {
    const cs = classesByNs[a];
    outer: for (const s of cs) {
      for (const d of cs) {
        if (s === d && classes[s].workloads.length < 2) continue;
        if (!engine.classToClass(classes[s], classes[d]).isEmpty()) {
          direct[a * n + a] = 1;
          break outer;
        }
      }
    }
  }
  return { namespaces: names, direct };
}
