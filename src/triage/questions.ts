/**
 * The facts triage needs, as questions in plain words. Used three ways: to list what an imported advisory
 * leaves open (verdict `needs-info`), by `ktm triage --interactive`, and by the workbench to build its form.
 */
import type { ThreatModel } from '../model/schema.js';
import {
  ACCESS_LEVELS,
  CATEGORIES,
  IMPACT_LEVELS,
  PRECONDITIONS,
  TARGETS,
  type DraftReport,
  type ReportSpec,
} from './report.js';

export interface Choice {
  value: string;
  label: string;
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
}

const ACCESS_LABELS: Record<(typeof ACCESS_LEVELS)[number], string> = {
  none: 'nothing: anyone who can send a request to a public application',
  'cluster-network': 'network access inside the cluster, but no permission to deploy anything',
  workload: 'permission to deploy a workload (a Knative Service, Revision or pod) in some namespace',
  'namespace-admin': 'administrator rights in a namespace',
  'event-source-admin': 'control of an external system that sends events to Knative, but no cluster access',
  'supply-chain': 'control of a container image or dependency that someone else deploys',
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
  'compromised-supply-chain': "Knative's own images or dependencies are already compromised",
};

const IMPACT_CHOICES: Choice[] = IMPACT_LEVELS.map((v) => ({
  value: v,
  label: v === 'none' ? 'none' : v === 'low' ? 'some, limited' : 'serious: all of it, or what matters most',
}));

/** The questions, in the order a person would answer them. Component choices come from the models. */
export function triageQuestions(models: ThreatModel[] = []): Question[] {
  const components = new Map<string, string>();
  for (const m of models) {
    for (const c of m.components) if (c.kind !== 'external' && !components.has(c.id)) components.set(c.id, c.name);
  }
  return [
    {
      field: 'spec.component',
      prompt: 'Which Knative component has the problem?',
      choices: [
        ...[...components].sort(([a], [b]) => a.localeCompare(b)).map(([value, label]) => ({ value, label })),
        { value: 'other', label: 'something that is not part of Knative' },
      ],
    },
    {
      field: 'spec.category',
      prompt: 'What can the attacker do?',
      choices: CATEGORIES.map((value) => ({ value, label: CATEGORY_LABELS[value] })),
    },
    {
      field: 'spec.attacker.access',
      prompt: 'What does the attacker need to have before the attack?',
      choices: ACCESS_LEVELS.map((value) => ({ value, label: ACCESS_LABELS[value] })),
    },
    {
      field: 'spec.attacker.userInteraction',
      prompt: 'Does someone other than the attacker have to do something (click a link, deploy an image)?',
      choices: [
        { value: 'none', label: 'no' },
        { value: 'required', label: 'yes' },
      ],
      default: 'none',
    },
    {
      field: 'spec.target',
      prompt: 'Whose things are harmed?',
      choices: TARGETS.map((value) => ({ value, label: TARGET_LABELS[value] })),
    },
    { field: 'spec.impact.confidentiality', prompt: 'How much data can the attacker read that they should not?', choices: IMPACT_CHOICES },
    { field: 'spec.impact.integrity', prompt: 'How much can the attacker change that they should not?', choices: IMPACT_CHOICES },
    { field: 'spec.impact.availability', prompt: 'How much can the attacker stop from working?', choices: IMPACT_CHOICES },
    {
      field: 'spec.attackComplexity',
      prompt: 'Does the attack depend on luck or conditions the attacker cannot control (a race, a guess)?',
      choices: [
        { value: 'low', label: 'no, it works reliably' },
        { value: 'high', label: 'yes' },
      ],
      default: 'low',
    },
    {
      field: 'spec.requires',
      prompt: 'Does the attack only work if any of these is true?',
      choices: PRECONDITIONS.map((value) => ({ value, label: PRECONDITION_LABELS[value] })),
      multiple: true,
      default: '',
    },
    {
      field: 'spec.equallyAffectsKubernetes',
      prompt: 'Does the same attack work just as well against plain Kubernetes workloads without Knative?',
      choices: [
        { value: 'false', label: 'no, it is worse with Knative' },
        { value: 'true', label: 'yes, just as well' },
      ],
      default: 'false',
    },
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
  if (report.spec.requires === undefined) missing.push('spec.requires');
  const availability = report.spec.impact?.availability;
  if (report.spec.equallyAffectsKubernetes === undefined && availability !== undefined && availability !== 'none') {
    missing.push('spec.equallyAffectsKubernetes');
  }
  return missing;
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
    cvss: s.cvss ?? null,
  };
}
