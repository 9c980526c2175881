/**
 * The namespace × namespace "direct" matrix without visiting every class pair.
 *
 * Each side of a connection is piecewise constant over remote classes: a profile's value is the same
 * (its *default*) for every remote that matches none of its non-universal peers, and only the few
 * remotes that do (its *explicit* remotes) need their own evaluation. So for namespaces A ≠ B:
 *
 *   pairs with both sides at their default and a non-empty intersection
 *     = Σ over (src kind k in A, dst kind t in B) count·count·compat(k, t)   (counted, not visited)
 *     − those of them that are explicit pairs (visited: they are few)
 *   direct(A, B) ⇔ that number > 0, or some explicit pair of A × B has a non-empty connection.
 *
 * A src "kind" is the vector of its egress default per destination port signature; a dst "kind" is
 * (its ingress default, its port signature). The diagonal (A = A) is computed by visiting the pairs
 * inside each namespace.
 */
import { ConnectionSet } from './connection-set.js';
import type { Engine } from './engine.js';

export interface DirectMatrix {
  /** Namespace names, index = engine namespace index. */
  namespaces: string[];
  /** direct[a * n + b] = 1 when some workload of a reaches some other workload of b. */
  direct: Uint8Array;
}

class Interner {
  private ids = new Map<string, number>();
  readonly values: ConnectionSet[] = [];
  id(c: ConnectionSet): number {
    const k = c.toString();
    let id = this.ids.get(k);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(k, id);
      this.values.push(c);
    }
    return id;
  }
}

export function directMatrix(engine: Engine): DirectMatrix {
  const { classes, namespaces, classesByNs, sigPorts } = engine.index;
  const n = namespaces.length;
  const nc = classes.length;
  const direct = new Uint8Array(n * n);
  const conns = new Interner();
  const nSig = sigPorts.length;

  // Defaults per profile.
  const inDefault = engine.ingressProfiles.map((p) => conns.id(engine.defaultValue(p, p.ports)));
  const egDefault = engine.egressProfiles.map((p) =>
    p.usesNamedPorts ? sigPorts.map((ports) => conns.id(engine.defaultValue(p, ports))) : [conns.id(engine.defaultValue(p, []))],
  );

  // Kinds.
  const srcKindIds = new Map<string, number>();
  const srcKindVec: number[][] = [];
  const srcKind = new Int32Array(nc);
  const dstKindIds = new Map<string, number>();
  const dstKindVal: Array<[number, number]> = [];
  const dstKind = new Int32Array(nc);
  for (const c of classes) {
    const v = egDefault[engine.egProfileOf[c.id]];
    const vec = v.length === 1 ? new Array<number>(nSig).fill(v[0]) : v;
    const ks = vec.join(',');
    let k = srcKindIds.get(ks);
    if (k === undefined) {
      k = srcKindVec.length;
      srcKindIds.set(ks, k);
      srcKindVec.push(vec);
    }
    srcKind[c.id] = k;
    const iv = inDefault[engine.inProfileOf[c.id]];
    const ts = `${iv},${c.portSig}`;
    let t = dstKindIds.get(ts);
    if (t === undefined) {
      t = dstKindVal.length;
      dstKindIds.set(ts, t);
      dstKindVal.push([iv, c.portSig]);
    }
    dstKind[c.id] = t;
  }
  const K = srcKindVec.length;
  const T = dstKindVal.length;
  const compat = new Uint8Array(K * T);
  const interMemo = new Map<number, boolean>();
  const nConn = () => conns.values.length;
  for (let k = 0; k < K; k++) {
    for (let t = 0; t < T; t++) {
      const [iv, sig] = dstKindVal[t];
      const ev = srcKindVec[k][sig];
      const key = ev * (nConn() + 1) + iv;
      let ok = interMemo.get(key);
      if (ok === undefined) {
        ok = conns.values[ev].intersects(conns.values[iv]);
        interMemo.set(key, ok);
      }
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

  // Explicit pairs: visit, correct the count, and evaluate.
  const corr = new Map<number, number>();
  const inExplicit = engine.ingressProfiles.map((p) => new Set(engine.explicitRemotes(p)));
  const egExplicit = engine.egressProfiles.map((p) => engine.explicitRemotes(p));
  const visit = (s: number, d: number): void => {
    const A = classes[s].ns.index;
    const B = classes[d].ns.index;
    if (A === B) return;
    const cell = A * n + B;
    if (compat[srcKind[s] * T + dstKind[d]]) corr.set(cell, (corr.get(cell) ?? 0) + 1);
    if (!direct[cell] && !engine.classToClass(classes[s], classes[d]).isEmpty()) direct[cell] = 1;
  };
  for (const d of classes) {
    for (const s of inExplicit[engine.inProfileOf[d.id]]) visit(s, d.id);
  }
  for (const s of classes) {
    for (const d of egExplicit[engine.egProfileOf[s.id]]) {
      if (inExplicit[engine.inProfileOf[d]].has(s.id)) continue; // already visited from the ingress side
      visit(s.id, d);
    }
  }

  // Off-diagonal cells from the counts.
  for (let a = 0; a < n; a++) {
    const sc = srcCounts[a];
    if (sc.length === 0) continue;
    for (let b = 0; b < n; b++) {
      if (a === b) continue;
      const cell = a * n + b;
      if (direct[cell]) continue;
      let total = 0;
      for (const [k, cnt] of sc) total += cnt * W[b * K + k];
      if (total - (corr.get(cell) ?? 0) > 0) direct[cell] = 1;
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
  return { namespaces: namespaces.map((x) => x.name), direct };
}
