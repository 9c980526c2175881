/**
 * The facts triage needs, as questions in plain words. Used three ways: to list what an imported advisory
 * leaves open (verdict `needs-info`), by `ktm triage --interactive`, and by the workbench to build its form.
 */
import type { ThreatModel } from '../model/schema.js';
import { AREA_LABELS, componentArea } from '../model/catalog.js';
import {
  ACCESS_LEVELS,
  CATEGORIES,
  DOCUMENTED,
  IMPACT_LEVELS,
  PRECONDITIONS,
  REACHABILITY,
  TARGET_OWNERS,
  TARGETS,
  type Access,
  type DraftReport,
  type ReportSpec,
  type TargetOwner,
} from './report.js';

export interface Choice {
  value: string;
  label: string;
  /** Heading the choice is listed under where a question has many (components: Serving, Networking, …). */
  group?: string;
}

export interface Question {
  /** The field path in the report, e.g. `spec.attacker.access`. */
  field: string;
  /** What to ask the reporter, in plain words. */
  prompt: string;
  choices: Choice[];
  /** Several answers allowed (comma-separated in the terminal). */
  multiple?: boolean;
  /** Value used when the question is left blank in the terminal (absent: an answer is required). */
  default?: string;
  /** Asked only for reports this holds for (absent: every report), e.g. reachability only for dependency reports. */
  appliesTo?: (report: DraftReport) => boolean;
}

const ACCESS_LABELS: Record<(typeof ACCESS_LEVELS)[number], string> = {
  none: 'nothing: anyone who can send a request to a public application',
  'cluster-network': 'network access inside the cluster, but no permission to deploy anything',
  workload: 'permission to deploy a workload (a Knative Service, Revision or pod) in some namespace',
  'namespace-admin': 'administrator rights in a namespace',
  'event-source-admin': 'control of an external system that sends events to Knative, but no cluster access',
  'supply-chain': 'control of an image, registry or library that a user chose to deploy (not Knative\'s own release)',
  'knative-admin': 'administrator rights over Knative (its namespaces or config maps)',
  'cluster-admin': 'cluster administrator rights',
};

const CATEGORY_LABELS: Record<(typeof CATEGORIES)[number], string> = {
  spoofing: 'pretend to be someone or something else',
  tampering: 'change data, configuration or traffic they should not',
  repudiation: 'act without leaving a trace',
  'information-disclosure': 'read data they should not see',
  'denial-of-service': 'make something stop working or slow down',
  'elevation-of-privilege': 'gain permissions they should not have',
  'code-execution': 'run their own code somewhere they should not',
  'event-replay': 'deliver an event again (replay)',
};

const TARGET_LABELS: Record<(typeof TARGETS)[number], string> = {
  'own-namespace': 'the attacked application and its own namespace',
  'other-namespace': "another team's namespace (not the attacker's own)",
  system: "Knative's own components (knative-serving, knative-eventing, gateways)",
  node: 'a node of the cluster',
  cluster: 'the whole cluster',
  external: 'systems outside the cluster',
};

const PRECONDITION_LABELS: Record<(typeof PRECONDITIONS)[number], string> = {
  'compromised-platform': 'the attacker already controls a node or the Kubernetes control plane',
  'compromised-network': 'the attacker can already intercept or change traffic on the cluster network',
  'compromised-runtime': 'the container runtime is already compromised',
  'container-escape': 'the attacker first escapes a container',
  'non-default-config': 'a non-default Knative setting is enabled',
  'documented-insecure-config': 'a setting the documentation calls insecure is enabled',
  'multi-tenant-deployment': 'several mutually untrusted teams share the cluster',
  'victim-application-bug': 'the attacked application itself has a bug',
  'compromised-supply-chain': "Knative's own release artifacts (its published images, binaries or build) were compromised first",
};

const TARGET_OWNER_LABELS: Record<TargetOwner, string> = {
  attacker: "the attacker: it is their own application (their namespace, their pod's sidecar, configuration they wrote)",
  'same-namespace': "another team's application in the same namespace, where the attacker can also deploy",
  other: 'someone else: an application in a namespace the attacker cannot change',
};

const DOCUMENTED_LABELS: Record<(typeof DOCUMENTED)[number], string> = {
  no: 'no, the documentation does not describe it (or says the opposite)',
  'owner-choice': 'yes, and the owner of the affected application chose the setting that causes it',
  'administrator-choice': 'yes, and an administrator chose the setting that causes it (the docs state its effect or call it insecure)',
  'default-limitation': 'yes, as a limitation of the default set-up, with the documented way to mitigate it',
};

const REACHABILITY_LABELS: Record<(typeof REACHABILITY)[number], string> = {
  reached: "yes, Knative's code calls it (a govulncheck call trace, or the report shows the call path)",
  'not-reached': "no, Knative's code never calls it (govulncheck finds the module but no call)",
  unknown: 'not known yet (run govulncheck -json on the Knative module and pass it with --govulncheck)',
};

/** Attackers who can deploy into a namespace: only they can control an application there. */
const DEPLOYING_ACCESS: ReadonlySet<Access> = new Set(['workload', 'namespace-admin']);

const IMPACT_CHOICES: Choice[] = IMPACT_LEVELS.map((v) => ({
  value: v,
  label: v === 'none' ? 'none' : v === 'low' ? 'some, limited' : 'serious: all of it, or what matters most',
}));

/** One choice per value of an enumeration, labelled in plain words. */
function labelled<T extends string>(values: readonly T[], labels: Record<T, string>): Choice[] {
  return values.map((value) => ({ value, label: labels[value] }));
}

/** A question with two answers, the first of which is the default (the answer that changes nothing). */
function twoWay(field: string, prompt: string, byDefault: Choice, other: Choice): Question {
  return { field, prompt, choices: [byDefault, other], default: byDefault.value };
}

/** The questions, in the order a person would answer them. Component choices come from the models. */
export function triageQuestions(models: ThreatModel[] = []): Question[] {
  const components = new Map<string, Choice>();
  for (const m of models) {
    for (const c of m.components) {
      if (c.kind !== 'external' && !components.has(c.id)) components.set(c.id, { value: c.id, label: c.name, group: AREA_LABELS[componentArea(c)] });
    }
  }
  return [
    {
      field: 'spec.dependency.reachability',
      prompt: "The problem is in a library Knative uses: does Knative's code call the vulnerable function?",
      choices: labelled(REACHABILITY, REACHABILITY_LABELS),
      appliesTo: (r) => r.spec.dependency !== undefined,
    },
    {
      field: 'spec.component',
      prompt: 'Which Knative component has the problem?',
      choices: [
        ...[...components.values()].sort((a, b) => a.value.localeCompare(b.value)),
        { value: 'other', label: 'something that is not part of Knative', group: 'Other' },
      ],
    },
    {
      field: 'spec.category',
      prompt: 'What can the attacker do?',
      choices: labelled(CATEGORIES, CATEGORY_LABELS),
    },
    {
      field: 'spec.attacker.access',
      prompt: 'What does the attacker need to have before the attack?',
      choices: labelled(ACCESS_LEVELS, ACCESS_LABELS),
    },
    twoWay(
      'spec.attacker.userInteraction',
      'Does someone other than the attacker have to do something (click a link, deploy an image)?',
      { value: 'none', label: 'no' },
      { value: 'required', label: 'yes' },
    ),
    {
      field: 'spec.target',
      prompt: 'Whose things are harmed?',
      choices: labelled(TARGETS, TARGET_LABELS),
    },
    {
      field: 'spec.targetOwner',
      prompt: 'Who controls the application that is harmed?',
      choices: labelled(TARGET_OWNERS, TARGET_OWNER_LABELS),
      appliesTo: targetOwnerOpen,
    },
    { field: 'spec.impact.confidentiality', prompt: 'How much data can the attacker read that they should not?', choices: IMPACT_CHOICES },
    { field: 'spec.impact.integrity', prompt: 'How much can the attacker change that they should not?', choices: IMPACT_CHOICES },
    { field: 'spec.impact.availability', prompt: 'How much can the attacker stop from working?', choices: IMPACT_CHOICES },
    twoWay(
      'spec.attackComplexity',
      'Does the attack depend on luck or conditions the attacker cannot control (a race, a guess)?',
      { value: 'low', label: 'no, it works reliably' },
      { value: 'high', label: 'yes' },
    ),
    {
      field: 'spec.requires',
      prompt: 'Does the attack only work if any of these is true?',
      choices: labelled(PRECONDITIONS, PRECONDITION_LABELS),
      multiple: true,
      default: '',
    },
    twoWay(
      'spec.equallyAffectsKubernetes',
      'Does the same attack work just as well against plain Kubernetes workloads without Knative?',
      { value: 'false', label: 'no, it is worse with Knative' },
      { value: 'true', label: 'yes, just as well' },
    ),
    {
      field: 'spec.documented',
      prompt: "Does Knative's documentation describe this behaviour, and who chose it?",
      choices: labelled(DOCUMENTED, DOCUMENTED_LABELS),
      default: 'no',
    },
    twoWay(
      'spec.impactDemonstrated',
      'Does the report show an attack that reaches an impact, or is it a hardening suggestion?',
      { value: 'true', label: 'it shows an attack with an impact' },
      { value: 'false', label: 'hardening only: a weakness with no demonstrated way to exploit it (defence in depth)' },
    ),
  ];
}

/** Fields without which no verdict can be reached. */
const REQUIRED = [
  'spec.component',
  'spec.category',
  'spec.attacker.access',
  'spec.target',
  'spec.impact.confidentiality',
  'spec.impact.integrity',
  'spec.impact.availability',
] as const;

export function getField(report: DraftReport, field: string): unknown {
  let v: unknown = report;
  for (const k of field.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

/**
 * The facts a draft report leaves open, as field paths. Besides the required facets, a draft (an import)
 * that says nothing about preconditions, or about Kubernetes for an availability issue, is asked about them:
 * both can change the verdict. Fields with defaults in a written report (userInteraction, attackComplexity)
 * are not asked for.
 */
export function missingFacts(report: DraftReport): string[] {
  const missing: string[] = REQUIRED.filter((f) => getField(report, f) === undefined);
  // A dependency report needs to know whether Knative reaches the vulnerable code; "unknown" is still open.
  const dep = report.spec.dependency;
  if (dep !== undefined && (dep.reachability === undefined || dep.reachability === 'unknown')) missing.unshift('spec.dependency.reachability');
  if (report.spec.targetOwner === undefined && targetOwnerOpen(report)) missing.push('spec.targetOwner');
  if (report.spec.requires === undefined) missing.push('spec.requires');
  const availability = report.spec.impact?.availability;
  if (report.spec.equallyAffectsKubernetes === undefined && availability !== undefined && availability !== 'none') {
    missing.push('spec.equallyAffectsKubernetes');
  }
  return missing;
}

/**
 * Whether "who controls the harmed application" is an open question: only when the harm stays in the victim's own
 * namespace and the attacker could deploy there. Every other target is by definition not the attacker's application,
 * and an attacker without deploy rights controls no application's configuration.
 */
function targetOwnerOpen(report: DraftReport): boolean {
  const access = report.spec.attacker?.access;
  return report.spec.target === 'own-namespace' && (access === undefined || DEPLOYING_ACCESS.has(access));
}

/** The plain words of a choice (for renderers and prompts): never the raw value where a label exists. */
export function choiceLabel(q: Question, value: string): string {
  return q.choices.find((c) => c.value === value)?.label ?? value;
}

/** A complete spec from a draft whose required facts are all present (defaults filled in). */
export function completeSpec(report: DraftReport): Omit<ReportSpec, 'cvss'> & { cvss?: string | null } {
  const s = report.spec;
  if (missingFacts(report).length > 0) throw new Error('completeSpec called on a draft with missing facts');
  return {
    component: s.component!,
    category: s.category!,
    attacker: { access: s.attacker!.access!, userInteraction: s.attacker?.userInteraction ?? 'none' },
    target: s.target!,
    impact: {
      confidentiality: s.impact!.confidentiality!,
      integrity: s.impact!.integrity!,
      availability: s.impact!.availability!,
    },
    attackComplexity: s.attackComplexity ?? 'low',
    requires: s.requires ?? [],
    equallyAffectsKubernetes: s.equallyAffectsKubernetes ?? false,
    targetOwner: s.targetOwner ?? 'other',
    documented: s.documented ?? 'no',
    ...(s.documentation ? { documentation: s.documentation } : {}),
    impactDemonstrated: s.impactDemonstrated ?? true,
    ...(s.dependency
      ? {
          dependency: {
            module: s.dependency.module ?? 'unknown module',
            reachability: s.dependency.reachability ?? 'unknown',
            ...(s.dependency.advisory ? { advisory: s.dependency.advisory } : {}),
            ...(s.dependency.evidence ? { evidence: s.dependency.evidence } : {}),
          },
        }
      : {}),
    cvss: s.cvss ?? null,
  };
}
