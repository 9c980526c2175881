/**
 * From evidence to facts: what a report's own words, metrics, CWEs and packages say about each fact, with the
 * evidence and how sure it is. Offline and deterministic: a phrase lexicon per fact, built from the threat model's
 * vocabulary (its actors, targets and exclusions), CWE names and common advisory phrasing; the CWE → category and
 * module → component tables live in advisory-map.ts. A fact with no evidence gets no proposal: it is asked.
 */
import type { ThreatModel } from '../model/schema.js';
import { CATEGORY_CWES, componentFromPackages, componentFromText, facetsFromCvss, isKnativePackage } from './advisory-map.js';
import { COMPONENT_ALIASES, resolveComponent } from './components.js';
import type { Access, Category, DraftReport, Documented, ImpactLevel, Precondition, Target, TargetOwner } from './report.js';

export type Confidence = 'high' | 'medium' | 'low';

export interface FactProposal {
  /** Field path in the report, e.g. `spec.attacker.access`. */
  field: string;
  value: unknown;
  /** Where it comes from: a CVSS metric, a CWE, a package, or the sentence of the text. */
  source: 'cvss' | 'cwe' | 'package' | 'text' | 'govulncheck';
  evidence: string;
  confidence: Confidence;
}

export interface Evidence {
  title: string;
  text: string;
  vector?: string;
  cwes?: string[];
  packages?: string[];
  /** Advisory ids of the record (GHSA-…, CVE-…, GO-…). */
  ids?: string[];
}

type Rule<T> = [RegExp, T];

/** Who the attacker is, in the model's actor words and advisory phrasing. Strongest-specific first. */
const ACCESS_WORDS: Array<Rule<Access>> = [
  [/\bcluster[- ]admin(istrator)?s?\b/i, 'cluster-admin'],
  [/\b(knative|platform) admin(istrator)?s?\b|\badmin(istrator)? (of|with access to) knative\b/i, 'knative-admin'],
  [/\bnamespace[- ]admin(istrator)?s?\b|\badmin(istrator)? (of|in) (a|the|their) namespace\b/i, 'namespace-admin'],
  [/\b(malicious|compromised|tampered|untrusted) (container )?(image|container|dependency|builder)s?\b|\bsupply[- ]chain attack/i, 'supply-chain'],
  [/\bevent source admin|\b(controls?|configure[sd]?|manages?) (an? )?(external )?(event source|webhook sender)|\bsends? (forged |malicious )?(events|webhooks) to\b/i, 'event-source-admin'],
  [/\b(permissions?|rights|ability|able) to (create|deploy|submit) (a |an )?(knative )?(service|revision|workload|pod)s?\b|\b(malicious|compromised) (developer|tenant|user with edit)|\bcan (create|deploy) (a |an )?(knative )?(service|revision|workload|pod)s?\b|\bauthenticated users? with the ability to create pods/i, 'workload'],
  [/\bcompromised (one )?pods?\b|\bfrom (a|any|another) pod\b|\bcluster[- ]local\b|\bin-cluster\b|\bwithin the cluster\b|\bpod network\b|\bcluster network\b/i, 'cluster-network'],
  [/\bunauthenticated\b|\bwithout (any )?(authentication|credentials)\b|\bremote(ly)? (attacker|exploitable)|\banyone (on|from) the internet\b|\bpublic(ly)? (reachable|exposed|accessible)\b/i, 'none'],
];

const TARGET_WORDS: Array<Rule<Target>> = [
  [/\b(another|other|different|a victim'?s?) (user'?s? |team'?s? |tenant'?s? )?namespaces?\b|\bcross[- ]namespace\b|\bother tenants?\b|\banother tenant\b|\bnamespaces outside (their|its) control\b/i, 'other-namespace'],
  [/\b(kubelet|the node|node[- ]level|host (filesystem|network|root)|escape to the host)\b/i, 'node'],
  [/\b(cluster[- ]wide|entire cluster|whole cluster|all namespaces|clusterwide)\b/i, 'cluster'],
  [/\bknative-(serving|eventing)\b|\bsystem namespaces?\b|\bknative'?s? (own )?(control plane|components)\b/i, 'system'],
  [/\b(developer'?s? (machine|workstation|infrastructure)|outside the cluster|external (system|service)s?)\b/i, 'external'],
  [/\b(its|their) own namespace\b|\bsame namespace\b|\bother users of the (server|service|adapter)\b/i, 'own-namespace'],
];

/** CWE names and advisory phrasing per category (when no CWE id is given). */
const CATEGORY_WORDS: Array<Rule<Category>> = [
  [/\breplay(ed|s)?\b|\bduplicate (delivery|events?)\b/i, 'event-replay'],
  [/\b(remote )?code execution\b|\brce\b|\bcommand injection\b|\barbitrary (code|commands?)\b|\bdeserializ/i, 'code-execution'],
  [/\bdenial[- ]of[- ]service\b|\bdos\b|\bddos\b|\bslowloris\b|\bout of memory\b|\boom\b|\bresource exhaustion\b|\bexhaust(s|ion)?\b|\bcrash(es)?\b|\bhang(s)?\b|\buncontrolled (resource|memory) (consumption|allocation)\b/i, 'denial-of-service'],
  [/\bprivilege escalation\b|\bescalat(e|es|ion)\b|\bimproper authori[sz]ation\b|\bmissing authori[sz]ation\b|\bbypass(es)? (the )?(authori[sz]ation|rbac|access control|policy|networkpolicy|authorizationpolicy)\b/i, 'elevation-of-privilege'],
  [/\b(information )?disclos(e|ure)\b|\bleak(s|ed|age)?\b|\bexpos(e|es|ed|ure) (of )?(sensitive|secrets?|tokens?|credentials?|private)\b|\bread (the )?(secrets?|tokens?|private)\b|\bpath traversal\b/i, 'information-disclosure'],
  [/\bspoof(ing|ed)?\b|\bimpersonat|\bforg(e|ed|ery)\b|\bhijack|\bimproper authentication\b|\bauthentication bypass\b/i, 'spoofing'],
  [/\btamper|\binjection\b|\boverwrite|\bmodif(y|ies|ied) (the )?(config|request|response|data)|\bssrf\b|\bserver-side request forgery\b/i, 'tampering'],
  [/\brepudiat|\bno audit (log|trail)\b/i, 'repudiation'],
];

const PRECONDITION_WORDS: Array<Rule<Precondition>> = [
  [/\b(root|admin) (access )?on the node\b|\bcompromised (node|control plane|api ?server|kubelet)\b|\baccess to the node\b/i, 'compromised-platform'],
  [/\bcontainer (escape|breakout)\b|\bescap(e|es|ing) (the|a|from the) container\b/i, 'container-escape'],
  [/\bman[- ]in[- ]the[- ]middle\b|\bmitm\b|\bintercept(s|ing)? (cluster |pod )?(network )?traffic\b|\bcompromised (cni|network)\b/i, 'compromised-network'],
  [/\bcompromised (container )?runtime\b|\bcontainerd (is )?compromised\b/i, 'compromised-runtime'],
  [/\bnon[- ]default\b|\bwhen (the )?[\w.-]+ (is|are) enabled\b|\bif (the )?[\w.-]+ (is|are) enabled\b|\bopt[- ]in\b|\bfeature flag\b|\bdisabled by default\b/i, 'non-default-config'],
  [/\b(documented as|documentation (says|warns|calls it)) (insecure|unsafe)\b|\binsecure (setting|configuration)\b/i, 'documented-insecure-config'],
  [/\bmulti[- ]?tenan(t|cy)\b|\bmultiple (mutually )?untrusted (tenants|teams)\b|\bshared cluster\b/i, 'multi-tenant-deployment'],
  [/\bsql injection\b|\b(bug|vulnerability|flaw) in the (user'?s? |victim'?s? )?application\b|\bapplication[- ]level\b/i, 'victim-application-bug'],
  [/\bcompromise (the )?(knative'?s? )?(release|build|supply[- ]chain)|\bcompromised (knative )?(release|build pipeline|signing key)/i, 'compromised-supply-chain'],
];

const COMPLEXITY_HIGH = /\brace condition\b|\btiming\b|\bbrute[- ]force\b|\blarge (group|number) of (users|clients|requests)\b|\bguess(ing)?\b|\bunder (specific|rare) conditions\b/i;
const INTERACTION = /\b(victim|user|developer) (must|has to|needs to) (click|open|deploy|run|visit)\b|\btrick(ed)? (a |the )?(user|developer|victim)\b|\bsocial engineering\b|\bunknowingly\b/i;
const EQUAL_K8S = /\b(same|equally|just as well) (as|against|in) (plain |any )?kubernetes\b|\bnot specific to knative\b|\bany (pod|workload) in kubernetes\b|\bplain kubernetes\b/i;
const KNATIVE_ONLY = /\bknative[- ]specific\b|\bonly (in|with) knative\b|\bwithout knative (it|this) (is|would be) not\b/i;
const HARDENING = /\bdefen[cs]e[- ]in[- ]depth\b|\bhardening\b|\binformational\b|\bno (known|practical|demonstrated) (exploit|attack)\b|\btheoretical\b|\bbest practice\b|\bweak (hash|cipher|algorithm)\b|\brecovers? from (the )?panic\b/i;
const OWNER_ATTACKER = /\b(their|the attacker'?s?|its) own (application|service|revision|pod|function|namespace)\b|\battacker already controls\b/i;
const SAME_NAMESPACE = /\b(another|other) (team'?s? |user'?s? )?(application|service|workload)s? in the same namespace\b/i;
const DOCUMENTED_WORDS: Array<Rule<Documented>> = [
  [/\b(administrator|admin|operator)s? (can |may )?(enable|set|turn on|choose)s?\b.*\b(documented|docs)\b|\bdocumented (config(uration)?|setting) (that )?(an )?admin/i, 'administrator-choice'],
  [/\b(owner|user|developer) (chose|chooses|sets|configured|enabled)\b.*\b(documented|docs)\b/i, 'owner-choice'],
  [/\bworking as (designed|intended)\b|\b(is|as) documented\b|\bdocumented (limitation|behaviou?r)\b|\bby design\b|\bexpected behaviou?r\b/i, 'default-limitation'],
];
/** Go module paths (and GitHub repositories) mentioned in a text. */
const MODULE_PATH = /\b((?:golang\.org\/x|google\.golang\.org|github\.com|gopkg\.in|k8s\.io|sigs\.k8s\.io|go\.opentelemetry\.io|knative\.dev)\/[A-Za-z0-9._~-]+(?:\/[A-Za-z0-9._~-]+)?)/g;
const DEPENDENCY_CONTEXT = /\b(dependency|dependencies|vendored|go\.mod|transitive|bump|upgrade to|scanner|trivy|grype|snyk|dependabot|govulncheck|sbom)\b/i;
const ADVISORY_ID = /\b(CVE-\d{4}-\d{4,}|GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}|GO-\d{4}-\d{4,})\b/g;

/** The sentence of `text` around a match, for the evidence. */
function sentenceAt(text: string, index: number): string {
  const start = Math.max(text.lastIndexOf('. ', index) + 1, text.lastIndexOf('\n', index) + 1, 0);
  const endDot = text.indexOf('. ', index);
  const endNl = text.indexOf('\n', index);
  const ends = [endDot >= 0 ? endDot + 1 : text.length, endNl >= 0 ? endNl : text.length];
  const s = text.slice(start, Math.min(...ends)).replace(/\s+/g, ' ').trim();
  return s.length > 240 ? `${s.slice(0, 237)}…` : s;
}

function firstRule<T>(rules: Array<Rule<T>>, text: string): { value: T; at: number } | undefined {
  let best: { value: T; at: number } | undefined;
  for (const [re, value] of rules) {
    const m = re.exec(text);
    if (m && !best) best = { value, at: m.index };
  }
  return best;
}

/** Proposes every fact the evidence supports, with its evidence. Deterministic; never guesses a fact without evidence. */
export function proposeFacts(ev: Evidence, models: ThreatModel[]): FactProposal[] {
  const out: FactProposal[] = [];
  const text = `${ev.title}\n${ev.text}`;
  const add = (field: string, value: unknown, source: FactProposal['source'], evidence: string, confidence: Confidence) => {
    if (!out.some((p) => p.field === field)) out.push({ field, value, source, evidence, confidence });
  };
  const fromText = <T>(field: string, rules: Array<Rule<T>>, confidence: Confidence) => {
    const hit = firstRule(rules, text);
    if (hit) add(field, hit.value, 'text', sentenceAt(text, hit.at), confidence);
  };

  // 1. The reporter's own CVSS vector pins the metrics it covers.
  if (ev.vector) {
    const f = facetsFromCvss(ev.vector);
    const metric = (m: string) => `${m} in ${ev.vector}`;
    if (f.attacker?.access) add('spec.attacker.access', f.attacker.access, 'cvss', metric('AV/PR'), 'high');
    if (f.attacker?.userInteraction) add('spec.attacker.userInteraction', f.attacker.userInteraction, 'cvss', metric('UI'), 'high');
    if (f.attackComplexity) add('spec.attackComplexity', f.attackComplexity, 'cvss', metric('AC'), 'high');
    for (const k of ['confidentiality', 'integrity', 'availability'] as const) {
      const v = f.impact?.[k];
      if (v) add(`spec.impact.${k}`, v, 'cvss', metric(k[0].toUpperCase()), 'high');
    }
  }

  // 2. CWEs (given, or named in the text) → category.
  const cwes = [...(ev.cwes ?? []), ...[...text.matchAll(/\bCWE-(\d+)\b/g)].map((m) => `CWE-${m[1]}`)];
  for (const cwe of cwes) {
    const cat = (Object.entries(CATEGORY_CWES) as Array<[Category, string[]]>).find(([, list]) => list.includes(cwe.toUpperCase()))?.[0];
    if (cat) add('spec.category', cat, 'cwe', cwe.toUpperCase(), 'high');
  }
  fromText('spec.category', CATEGORY_WORDS, 'medium');

  // 3. Packages and modules → component, or a dependency report.
  const packages = ev.packages ?? [];
  const mentioned = [...text.matchAll(MODULE_PATH)].map((m) => m[1].replace(/[.,;:)]+$/, ''));
  const knativeModules = [...packages, ...mentioned].filter(isKnativePackage);
  const byPackage = componentFromPackages(knativeModules, models);
  const named = componentFromText(text, models);
  const byText = named ? { id: named, evidence: `the text names ${named}` } : aliasInText(text, models);
  if (byPackage) add('spec.component', byPackage, 'package', `affected module ${knativeModules[0]}`, 'high');
  if (byText) add('spec.component', byText.id, 'text', byText.evidence, 'medium');
  const foreign = [...new Set([...packages.filter((p) => !isKnativePackage(p)), ...(DEPENDENCY_CONTEXT.test(text) ? mentioned.filter((m) => !isKnativePackage(m)) : [])])];
  if (foreign.length > 0 && (DEPENDENCY_CONTEXT.test(text) || packages.length > 0) && /\bknative\b/i.test(text)) {
    const advisory = [...(ev.ids ?? []), ...[...text.matchAll(ADVISORY_ID)].map((m) => m[1])][0];
    add('spec.dependency', { module: foreign[0], ...(advisory ? { advisory } : {}) }, packages.length > 0 ? 'package' : 'text', `a dependency of Knative: ${foreign[0]}`, 'medium');
  }

  // 4. The rest from the text's own words.
  fromText('spec.attacker.access', ACCESS_WORDS, 'medium');
  fromText('spec.target', TARGET_WORDS, 'low');
  fromText('spec.requires', PRECONDITION_WORDS.map(([re, v]): Rule<Precondition[]> => [re, [v]]), 'low');
  const complexity = COMPLEXITY_HIGH.exec(text);
  if (complexity) add('spec.attackComplexity', 'high', 'text', sentenceAt(text, complexity.index), 'low');
  const ui = INTERACTION.exec(text);
  if (ui) add('spec.attacker.userInteraction', 'required', 'text', sentenceAt(text, ui.index), 'low');
  const eq = EQUAL_K8S.exec(text) ?? undefined;
  const only = KNATIVE_ONLY.exec(text) ?? undefined;
  if (eq) add('spec.equallyAffectsKubernetes', true, 'text', sentenceAt(text, eq.index), 'low');
  else if (only) add('spec.equallyAffectsKubernetes', false, 'text', sentenceAt(text, only.index), 'low');
  const hard = HARDENING.exec(text);
  if (hard) add('spec.impactDemonstrated', false, 'text', sentenceAt(text, hard.index), 'low');
  const same = SAME_NAMESPACE.exec(text);
  const own = OWNER_ATTACKER.exec(text);
  if (same) add('spec.targetOwner', 'same-namespace' satisfies TargetOwner, 'text', sentenceAt(text, same.index), 'low');
  else if (own) add('spec.targetOwner', 'attacker' satisfies TargetOwner, 'text', sentenceAt(text, own.index), 'low');
  fromText('spec.documented', DOCUMENTED_WORDS, 'low');
  impactFromText(text, add);
  return out;
}

/** Impact levels the text states (only where it names the impact; never "none" without words for it). */
function impactFromText(text: string, add: (f: string, v: unknown, s: FactProposal['source'], e: string, c: Confidence) => void): void {
  const rules: Array<[string, RegExp, ImpactLevel]> = [
    ['confidentiality', /\b(read|leak|disclos|expos|obtain)\w* (all |any )?(secrets?|tokens?|credentials?|private keys?|private (data|information))\b/i, 'high'],
    ['confidentiality', /\b(information disclosure|leaks? (of )?(some|limited|metadata|headers?))\b/i, 'low'],
    ['integrity', /\b(arbitrary|remote) code execution\b|\bexecute (arbitrary )?code\b|\b(modify|overwrite|tamper with|delete) (any|all|the) (data|configuration|resources?)\b/i, 'high'],
    ['integrity', /\bspoof(ed|ing)?\b|\bforg(e|ed)\b|\binject(ed|ion)?\b/i, 'low'],
    ['availability', /\b(crash(es)?|out of memory|oom|take(s)? down|unavailable|denial of service for all)\b/i, 'high'],
    ['availability', /\b(slowloris|hang(s)?|slow(s)? down|degrad(e|es|ed)|denial of service|dos)\b/i, 'low'],
  ];
  for (const [k, re, level] of rules) {
    const m = re.exec(text);
    if (m) add(`spec.impact.${k}`, level, 'text', sentenceAt(text, m.index), 'low');
  }
}

/** A component the text names by one of the aliases people write (as a whole word). */
function aliasInText(text: string, models: ThreatModel[]): { id: string; evidence: string } | undefined {
  const lower = text.toLowerCase();
  let best: { id: string; len: number; at: number } | undefined;
  for (const alias of Object.keys(COMPONENT_ALIASES)) {
    if (alias.length < 4) continue;
    for (const word of [alias, alias.replace(/-/g, ' ')]) {
      const m = new RegExp(`(^|[^a-z0-9-])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^a-z0-9-])`).exec(lower);
      const id = m ? resolveComponent(alias, models)?.id : undefined;
      if (m && id && (!best || word.length > best.len)) best = { id, len: word.length, at: m.index };
    }
  }
  return best ? { id: best.id, evidence: sentenceAt(text, best.at) } : undefined;
}

/** Sets the proposed facts on a draft (facts already there, e.g. from ktm's facts block, win). */
export function applyProposals(draft: DraftReport, proposals: FactProposal[]): void {
  for (const p of proposals) {
    const keys = p.field.split('.').slice(1);
    let obj = draft.spec as Record<string, unknown>;
    for (const k of keys.slice(0, -1)) {
      if (typeof obj[k] !== 'object' || obj[k] === null) obj[k] = {};
      obj = obj[k] as Record<string, unknown>;
    }
    const last = keys[keys.length - 1];
    if (obj[last] === undefined) obj[last] = structuredClone(p.value);
  }
}
