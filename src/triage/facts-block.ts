/**
 * The triage facts written into an advisory's description as a Markdown list, so that a GHSA draft (whose
 * API shape has no field of its own for them) carries the facts back when it is imported again.
 */
import {
  ACCESS_LEVELS,
  CATEGORIES,
  DOCUMENTED,
  REACHABILITY,
  TARGET_OWNERS,
  IMPACT_LEVELS,
  PRECONDITIONS,
  TARGETS,
  type DraftReport,
  type ReportSpec,
} from './report.js';


export const FACTS_HEADING = '### Triage facts (ktm)';
/** Start of the part of a description that ktm writes (triage text, references, facts). */
export const KTM_SECTION = '### Impact (ktm triage)';
export const REFERENCES_HEADING = '### References';

/** Writes the known facts; facts a draft leaves open are left out (an import will ask for them). */
export function writeFactsBlock(spec: DraftReport['spec']): string {
  const lines: Array<[string, unknown]> = [
    ['component', spec.component],
    ['category', spec.category],
    ['attacker.access', spec.attacker?.access],
    ['attacker.userInteraction', spec.attacker?.userInteraction],
    ['target', spec.target],
    ['impact.confidentiality', spec.impact?.confidentiality],
    ['impact.integrity', spec.impact?.integrity],
    ['impact.availability', spec.impact?.availability],
    ['attackComplexity', spec.attackComplexity],
    ['requires', spec.requires === undefined ? undefined : spec.requires.length > 0 ? spec.requires.join(', ') : 'none'],
    ['equallyAffectsKubernetes', spec.equallyAffectsKubernetes],
    ['targetOwner', spec.targetOwner],
    ['documented', spec.documented],
    ['documentation', spec.documentation],
    ['impactDemonstrated', spec.impactDemonstrated],
    ['dependency.module', spec.dependency?.module],
    ['dependency.advisory', spec.dependency?.advisory],
    ['dependency.reachability', spec.dependency?.reachability],
    ['dependency.evidence', spec.dependency?.evidence],
  ];
  return [FACTS_HEADING, '', ...lines.filter(([, v]) => v !== undefined).map(([k, v]) => `- ${k}: ${String(v)}`)].join('\n');
}

const oneOf = <T extends string>(list: readonly T[], v: string): T | undefined => (list as readonly string[]).includes(v) ? (v as T) : undefined;

/** Reads the facts block from a description; values that are not valid are left out (they become questions). */
export function readFactsBlock(description: string): Partial<DraftReport['spec']> | undefined {
  const at = description.indexOf(FACTS_HEADING);
  if (at < 0) return undefined;
  const facts = new Map<string, string>();
  for (const line of description.slice(at + FACTS_HEADING.length).split('\n')) {
    const m = /^\s*-\s*([A-Za-z.]+):\s*(.*?)\s*$/.exec(line);
    if (m) facts.set(m[1], m[2]);
    else if (line.startsWith('#')) break;
  }
  const get = (k: string) => facts.get(k) ?? '';
  const spec: Partial<DraftReport['spec']> = {};
  if (/^[a-z0-9][a-z0-9.-]*$/.test(get('component'))) spec.component = get('component');
  spec.category = oneOf(CATEGORIES, get('category'));
  const access = oneOf(ACCESS_LEVELS, get('attacker.access'));
  const ui = oneOf(['none', 'required'] as const, get('attacker.userInteraction'));
  spec.attacker = { ...(access && { access }), ...(ui && { userInteraction: ui }) };
  spec.target = oneOf(TARGETS, get('target'));
  const c = oneOf(IMPACT_LEVELS, get('impact.confidentiality'));
  const i = oneOf(IMPACT_LEVELS, get('impact.integrity'));
  const a = oneOf(IMPACT_LEVELS, get('impact.availability'));
  spec.impact = { ...(c && { confidentiality: c }), ...(i && { integrity: i }), ...(a && { availability: a }) };
  spec.attackComplexity = oneOf(['low', 'high'] as const, get('attackComplexity'));
  if (facts.has('requires')) {
    const list = get('requires') === 'none' ? [] : get('requires').split(',').map((s) => s.trim());
    if (list.every((p) => oneOf(PRECONDITIONS, p))) spec.requires = list as ReportSpec['requires'];
  }
  if (get('equallyAffectsKubernetes') === 'true' || get('equallyAffectsKubernetes') === 'false') {
    spec.equallyAffectsKubernetes = get('equallyAffectsKubernetes') === 'true';
  }
  spec.targetOwner = oneOf(TARGET_OWNERS, get('targetOwner'));
  spec.documented = oneOf(DOCUMENTED, get('documented'));
  if (get('documentation')) spec.documentation = get('documentation');
  if (get('impactDemonstrated') === 'true' || get('impactDemonstrated') === 'false') spec.impactDemonstrated = get('impactDemonstrated') === 'true';
  if (get('dependency.module')) {
    const reachability = oneOf(REACHABILITY, get('dependency.reachability'));
    spec.dependency = {
      module: get('dependency.module'),
      ...(get('dependency.advisory') && { advisory: get('dependency.advisory') }),
      ...(reachability && { reachability }),
      ...(get('dependency.evidence') && { evidence: get('dependency.evidence') }),
    };
  }
  for (const k of Object.keys(spec) as Array<keyof typeof spec>) if (spec[k] === undefined) delete spec[k];
  return spec;
}

/** Removes what ktm wrote (its triage section and the facts block) from a description. */
export function stripFactsBlock(description: string): string {
  const cut = [KTM_SECTION, FACTS_HEADING].map((h) => description.indexOf(h)).filter((i) => i >= 0);
  return (cut.length === 0 ? description : description.slice(0, Math.min(...cut))).trim();
}

/** The reference URLs listed in ktm's section of a description. */
export function readReferences(description: string): string[] {
  const at = description.indexOf(KTM_SECTION);
  if (at < 0) return [];
  const refs = description.indexOf(REFERENCES_HEADING, at);
  if (refs < 0) return [];
  const out: string[] = [];
  for (const line of description.slice(refs + REFERENCES_HEADING.length).split('\n')) {
    const m = /^\s*-\s+(\S+)\s*$/.exec(line);
    if (m) out.push(m[1]);
    else if (line.startsWith('#')) break;
  }
  return out;
}
