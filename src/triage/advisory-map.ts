/**
 * Mappings between ktm's report facets and what advisories carry: CWE ids ↔ category, component ↔ Go
 * package, CVSS metrics → facets. Shared by the importer (advisory → draft report) and the draft renderers.
 */
import type { Component, ThreatModel } from '../model/schema.js';
import { parseVector } from '../cvss/vector.js';
import type { Access, Category, DraftReport, ImpactLevel } from './report.js';

/** One representative CWE per category (the export), and the CWEs recognised on import. */
export const CATEGORY_CWES: Record<Category, string[]> = {
  spoofing: ['CWE-290', 'CWE-287', 'CWE-346', 'CWE-345'],
  tampering: ['CWE-284', 'CWE-441', 'CWE-918', 'CWE-20'],
  repudiation: ['CWE-778', 'CWE-117'],
  'information-disclosure': ['CWE-200', 'CWE-201', 'CWE-209', 'CWE-532', 'CWE-522', 'CWE-668'],
  'denial-of-service': ['CWE-400', 'CWE-770', 'CWE-789', 'CWE-1333', 'CWE-674', 'CWE-835'],
  'elevation-of-privilege': ['CWE-269', 'CWE-250', 'CWE-863', 'CWE-862', 'CWE-732'],
  'code-execution': ['CWE-94', 'CWE-78', 'CWE-77', 'CWE-502'],
  'event-replay': ['CWE-294'],
};

export function categoryFromCwes(cwes: string[]): Category | undefined {
  for (const cwe of cwes) {
    const id = cwe.toUpperCase();
    for (const [cat, list] of Object.entries(CATEGORY_CWES) as Array<[Category, string[]]>) {
      if (list.includes(id)) return cat;
    }
  }
  return undefined;
}

/** Words in an advisory's title that name a category when it gives no known CWE. */
const CATEGORY_WORDS: Array<[RegExp, Category]> = [
  [/denial[ -]of[ -]service|\bdos\b|out of memory|\boom\b|exhaust|crash/i, 'denial-of-service'],
  [/remote code execution|\brce\b|code execution|command injection/i, 'code-execution'],
  [/privilege escalation|escalat|bypass(es)? (authori[sz]ation|rbac)/i, 'elevation-of-privilege'],
  [/disclos|leak|expos|read .*secret/i, 'information-disclosure'],
  [/spoof|impersonat|forg/i, 'spoofing'],
  [/replay/i, 'event-replay'],
  [/tamper|inject|overwrite|modif/i, 'tampering'],
];

export function categoryFromText(text: string): Category | undefined {
  return CATEGORY_WORDS.find(([re]) => re.test(text))?.[1];
}

/**
 * Knative modules that ship one model component: the component a module stands for on import, and the module an
 * advisory draft names for the component. One table for both directions.
 */
const MODULE_OF_COMPONENT: ReadonlyArray<[module: string, component: string]> = [
  ['knative.dev/func', 'func-cli'],
  ['knative.dev/client', 'kn-cli'],
  ['knative.dev/client-pkg', 'kn-cli'],
  ['knative.dev/operator', 'knative-operator'],
  ['knative.dev/net-istio', 'net-istio'],
  ['knative.dev/net-contour', 'net-contour'],
  ['knative.dev/net-gateway-api', 'net-gateway-api'],
  ['knative.dev/net-certmanager', 'net-certmanager'],
  ['knative.dev/eventing-kafka-broker', 'kafka-broker'],
  ['knative.dev/eventing-rabbitmq', 'rabbitmq-broker'],
  ['knative.dev/eventing-natss', 'nats-channel'],
  ['knative.dev/backstage-plugins', 'backstage-plugins'],
  ['knative.dev/security-guard', 'security-guard-gate'],
];

/** Go module of a component, for advisory drafts. Namespaces decide; a few components are known by id. */
export function packageOfComponent(c: Component | undefined, id: string): string | undefined {
  if (id === 'other' || !c) return undefined;
  const own = MODULE_OF_COMPONENT.find(([, comp]) => comp === id)?.[0];
  if (own) return own;
  if (/^kn-plugin/.test(id)) return 'knative.dev/kn-plugin-event';
  if (id.startsWith('security-guard') || id === 'guard-service') return 'knative.dev/security-guard';
  if (c.namespace === 'kourier-system' || id === 'net-controller') return 'knative.dev/net-kourier';
  if (c.namespace === 'knative-eventing' || c.boundary === 'knative-eventing') return 'knative.dev/eventing';
  // Event-source adapters run in the tenant's namespace but belong to Eventing (or a source extension).
  if (/-adapter$/.test(id)) return 'knative.dev/eventing';
  if (c.kind === 'external' || c.namespace === undefined) return undefined;
  return 'knative.dev/serving';
}

/**
 * Knative modules whose code is, in the models, one component: the answer when an advisory names the module but its
 * text names no component. The event-source extensions' only data plane is the per-source receive adapter
 * (GHSA-v7hc-87jc-qrrr: "The eventing-github cluster-local server").
 */
const MODULE_COMPONENTS: Array<[RegExp, string]> = [
  ...MODULE_OF_COMPONENT.map(([mod, comp]): [RegExp, string] => [new RegExp(`^${mod.replace(/[.]/g, '\\.')}(/|$)`), comp]),
  [/^knative\.dev\/kn-plugin-/, 'kn-plugins'],
  [/^knative\.dev\/eventing-(github|gitlab|ceph|couchdb|awssqs|prometheus|redis)(\/|$)/, 'receive-adapter'],
];

/** The single model component a Knative module stands for, if the selected models describe it. */
export function componentFromPackages(packages: string[], models: ThreatModel[]): string | undefined {
  for (const name of packages) {
    const id = MODULE_COMPONENTS.find(([re]) => re.test(name))?.[1];
    if (id && models.some((m) => m.components.some((c) => c.id === id))) return id;
  }
  return undefined;
}

export function isKnativePackage(name: string): boolean {
  return /^knative\.dev\//.test(name) || /^github\.com\/knative\//.test(name);
}

/**
 * The component an advisory talks about: an explicit id, else the model component whose id or name the text
 * mentions (the longest match wins, so "cluster-local gateway" beats "gateway").
 */
export function componentFromText(text: string, models: ThreatModel[]): string | undefined {
  let best: { id: string; len: number } | undefined;
  const lower = text.toLowerCase();
  for (const m of models) {
    for (const c of m.components) {
      if (c.kind === 'external') continue;
      for (const word of [c.id, c.id.replace(/-/g, ' '), c.name.toLowerCase()]) {
        const re = new RegExp(`(^|[^a-z0-9-])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^a-z0-9-])`, 'i');
        if (word.length > 3 && re.test(lower) && (!best || word.length > best.len)) best = { id: c.id, len: word.length };
      }
    }
  }
  return best?.id;
}

const LEVEL: Record<string, ImpactLevel> = { N: 'none', L: 'low', H: 'high' };
const RANK: Record<ImpactLevel, number> = { none: 0, low: 1, high: 2 };
const maxLevel = (a: ImpactLevel, b: ImpactLevel): ImpactLevel => (RANK[a] >= RANK[b] ? a : b);

/**
 * Facets a CVSS vector determines: impact, attack complexity, user interaction, and the attacker's access when
 * AV/PR pin it down (PR:N over the network → none; PR:N adjacent → cluster-network; PR:L → workload).
 * PR:H (namespace or Knative admin?) and local/physical vectors stay open: they must be asked.
 */
export function facetsFromCvss(vector: string): Partial<DraftReport['spec']> {
  const { version, metrics } = parseVector(vector);
  const m = (k: string) => metrics.get(k) ?? '';
  const out: Partial<DraftReport['spec']> = { cvss: vector };
  let access: Access | undefined;
  if (m('AV') === 'N' && m('PR') === 'N') access = 'none';
  else if (m('AV') === 'A' && m('PR') === 'N') access = 'cluster-network';
  else if ((m('AV') === 'N' || m('AV') === 'A') && m('PR') === 'L') access = 'workload';
  const ui = m('UI') === 'N' ? 'none' : 'required';
  out.attacker = access ? { access, userInteraction: ui } : { userInteraction: ui };
  out.attackComplexity = m('AC') === 'H' ? 'high' : 'low';
  if (version === '4.0') {
    const lv = (v: string, s: string) => maxLevel(LEVEL[m(v)] ?? 'none', LEVEL[m(s)] ?? (m(s) === 'S' ? 'high' : 'none'));
    out.impact = { confidentiality: lv('VC', 'SC'), integrity: lv('VI', 'SI'), availability: lv('VA', 'SA') };
  } else {
    out.impact = { confidentiality: LEVEL[m('C')], integrity: LEVEL[m('I')], availability: LEVEL[m('A')] };
  }
  return out;
}
