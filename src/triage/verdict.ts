/**
 * The verdict rules: is a (complete) report an exploit under a model? Rules are tried in order; the first that
 * applies decides. Each rule finds the model's clause by its rule tag and cites it; a rule whose clause the model
 * lacks cannot fire and says so. The order follows the documents:
 *  1. (needs-info is decided before, in engine.ts, when facts are missing)
 *  2. attacks that need the platform, runtime or network already compromised (2021 "Security of the underlying
 *     Cluster" / "container and network technologies"; 2025 "Kubernetes security practices are the baseline")
 *  3. attackers the model trusts (actors with `trusted: true`, e.g. administrators)
 *  4. components outside Knative, or ones the model places outside its own scope
 *  5. an attacker who already controls the application they harm (2025 Attack Goals)
 *  6. exploits that only matter when namespaces are tenant boundaries, under a model that does not support that
 *  7. application bugs, documented behaviour the owner or administrator chose, documented limitations, event replay
 *  8. impact no worse than in plain Kubernetes
 *  9. hardening only: no demonstrated impact
 * 10. otherwise: a vulnerability
 * (A dependency report whose vulnerable code Knative never reaches is decided before, in engine.ts: it needs no
 * other fact.)
 */
import type { Clause, RuleTag, ThreatModel } from '../model/schema.js';
import { clauseFor, firstClause, missingRuleNote } from './clauses.js';
import type { FullSpec } from './derive-cvss.js';
import type { Precondition } from './report.js';

export const REASONS = [
  'trusted-administrator',
  'requires-compromised-platform',
  'multi-tenant-only',
  'inherited-from-kubernetes',
  'application-level',
  'insecure-configuration',
  'expected-behaviour',
  'out-of-model',
  'attacker-controls-target',
  'vulnerable-code-not-reached',
  'hardening-only',
] as const;
export type Reason = (typeof REASONS)[number];

export interface VerdictDecision {
  verdict: 'vulnerability' | 'not-a-vulnerability';
  reason: Reason | null;
  /** Clauses that decided, in order. */
  clauses: Clause[];
  /** Plain-words explanation of the decision (without the quote; the engine adds it). */
  finding: string;
  /** Rules that would have applied but could not, because the model lacks their clause. */
  notes: string[];
}

/** Preconditions that put the attack below Knative, and the rule tags whose clause excludes them. */
const PLATFORM_PRECONDITIONS: ReadonlyArray<[Precondition, RuleTag[], string]> = [
  ['compromised-platform', ['platform-trusted'], 'a compromised node or control plane'],
  ['compromised-runtime', ['runtime-network-trusted', 'platform-trusted'], 'a compromised container runtime'],
  ['container-escape', ['runtime-network-trusted', 'platform-trusted'], 'an escape from a container'],
  ['compromised-network', ['runtime-network-trusted', 'platform-trusted'], 'a compromised cluster network'],
  ['compromised-supply-chain', ['platform-trusted'], "a compromised supply chain of Knative's own software"],
];

/** ", the docs say so at …" when the report gives its evidence. */
function docs(spec: FullSpec): string {
  return spec.documentation ? ` (${spec.documentation})` : '';
}

/** The clauses and words for an attacker who already controls the harmed application, or undefined if none apply. */
function attackerControlsTarget(spec: FullSpec, model: ThreatModel, notes: string[]): { clauses: Clause[]; finding: string } | undefined {
  const own = clauseFor(model, 'attacker-controlled-application');
  const domain = clauseFor(model, 'sidecar-same-domain');
  const sameNs = spec.targetOwner === 'same-namespace';
  const sidecar = model.components.find((c) => c.id === spec.component)?.kind === 'sidecar';
  const finding = sameNs
    ? "The harmed application shares a namespace the attacker can deploy into; the namespace is the model's security domain, so the attacker already controls what runs there."
    : sidecar
      ? "The attack is on the attacker's own application through its own pod's sidecar, which runs in the same security domain as the attacker's container."
      : "The attacker already controls the application they harm (its configuration and code), so the attack gains them nothing they did not have.";
  const clauses = [own, (sameNs || sidecar) && domain ? domain : undefined].filter((c): c is Clause => c !== undefined);
  if (own) return { clauses, finding };
  // The 2021 draft is silent; its purpose clause asks whether a report "describes a potential exploit", and harming
  // an application one already controls exploits nothing.
  const purpose = clauseFor(model, 'purpose-triage');
  if (purpose) {
    notes.push(`${model.metadata.id} has no clause tagged attacker-controlled-application; decided by its purpose clause (${purpose.id}): harming one's own application is not an exploit`);
    return { clauses: [purpose, ...clauses], finding };
  }
  notes.push(missingRuleNote(model, 'attacker-controlled-application', 'report about the attacker\'s own application out of scope'));
  return undefined;
}

/** Access levels of an attacker who deploys into, or administers, a namespace: a tenant, when namespaces are tenants. */
const TENANT_ACCESS = new Set(['workload', 'namespace-admin']);

/** Is the namespace a tenant boundary Knative defends under this model? */
export function namespaceTenancySupported(model: ThreatModel): boolean {
  const ns = model.tenancy.find((t) => t.id === 'namespace');
  return ns !== undefined && ns.status !== 'unsupported';
}

export function decideVerdict(spec: FullSpec, model: ThreatModel): VerdictDecision {
  const notes: string[] = [];
  const not = (reason: Reason, clauses: Clause[], finding: string): VerdictDecision => ({
    verdict: 'not-a-vulnerability',
    reason,
    clauses,
    finding,
    notes,
  });

  // 2. Preconditions below Knative. `compromised-supply-chain` is Knative's own software compromised first, which
  // no model actor covers (the models' supply-chain actors tamper with the images users deploy: access
  // `supply-chain`, which stays in scope).
  for (const [pre, tags, words] of PLATFORM_PRECONDITIONS) {
    if (!spec.requires.includes(pre)) continue;
    const c = firstClause(model, tags);
    if (c) {
      return not(
        'requires-compromised-platform',
        [c],
        `The attack needs ${words} first, and the model relies on the security of what lies below Knative.`,
      );
    }
    notes.push(missingRuleNote(model, tags[0], 'report out of scope (it needs ' + words + ')'));
  }

  // 3. Trusted attackers: the model's actors with this privilege that it trusts. The decision follows the actor's
  // `trusted` flag (the model's data); the clause cited is the administrator-trusted one, or failing that the
  // actor's own clauses, or the model's purpose clause (a model may list trusted actors without a rule text).
  const trustedActors = model.actors.filter((a) => a.privilege === spec.attacker.access && a.trusted);
  if (trustedActors.length > 0) {
    const names = trustedActors.map((a) => `${a.name} (actor ${a.id})`).join(', ');
    const tagged = clauseFor(model, 'administrator-trusted');
    const own = trustedActors.flatMap((a) => a.clauses).map((id) => model.clauses.find((c) => c.id === id));
    const purpose = clauseFor(model, 'purpose-triage');
    const cited = tagged ? [tagged] : own.filter((c): c is Clause => c !== undefined).slice(0, 1);
    if (cited.length === 0 && purpose) cited.push(purpose);
    if (!tagged) notes.push(`Model ${model.metadata.id} has no clause tagged "administrator-trusted"; the verdict follows its actor data (${names} is marked trusted).`);
    return not(
      'trusted-administrator',
      cited,
      `The attacker must already be ${names}, whom the model trusts; what such an actor can do beyond their role is a bug worth fixing, not an exploit.`,
    );
  }

  // 4. Not part of Knative, or not described by this model.
  // Components of kind `external` (the Kubernetes API server, registries, clients) appear in the model as
  // neighbours of Knative, not as parts of it.
  const component = model.components.find((c) => c.id === spec.component);
  // A component the model itself puts out of its scope: it cites an out-of-scope clause that carries no rule tag.
  // (A tagged out-of-scope clause excludes a kind of report, e.g. replay at a broker, and its own rule handles it; an
  // untagged one on a component excludes the component, e.g. 2025 on Functions: "it needs a different threat model".)
  const excludedBy = component?.clauses
    .map((id) => model.clauses.find((c) => c.id === id))
    .find((c): c is Clause => c !== undefined && c.kind === 'out-of-scope' && c.rule === undefined);
  if (component && excludedBy) {
    return not(
      'out-of-model',
      [excludedBy],
      `The model places ${component.name} (${component.id}) outside its scope (${excludedBy.id}), so it cannot judge the report; judge it against the threat model that covers ${component.name}.`,
    );
  }
  // A component the model counts as the underlying platform (it cites the model's platform-trusted clause, like the
  // Kubernetes API server) is not Knative's code either, whatever its kind.
  const platform = clauseFor(model, 'platform-trusted');
  if (component && platform && component.clauses.includes(platform.id)) {
    return not(
      'out-of-model',
      [platform],
      `${component.name} (${component.id}) belongs to the underlying platform in the model, not to Knative; report the problem to its own project.`,
    );
  }
  if (spec.component === 'other' || !component || component.kind === 'external') {
    const c = clauseFor(model, 'purpose-triage');
    const finding =
      spec.component === 'other'
        ? 'The affected software is not part of Knative, so this threat model does not cover it; report it to its own project.'
        : component
          ? `${component.name} (${component.id}) is outside Knative in the model; report the problem to its own project.`
          : `The model does not describe a component "${spec.component}", so it cannot judge the report.`;
    return not('out-of-model', c ? [c] : [], finding);
  }

  // 5. The attacker already controls the application they harm: its owner, or a deployer in its namespace (the
  // namespace is the security domain, and a revision's queue-proxy shares it). Decided by the stated fact alone,
  // whatever the attacker's position, so a stronger attacker never turns a non-issue into an issue or back.
  if (spec.targetOwner === 'attacker' || spec.targetOwner === 'same-namespace') {
    const found = attackerControlsTarget(spec, model, notes);
    if (found) return not('attacker-controls-target', found.clauses, found.finding);
  }

  // 6. Exploits that only matter when namespaces are tenant boundaries.
  const crossTenant =
    spec.requires.includes('multi-tenant-deployment') ||
    (TENANT_ACCESS.has(spec.attacker.access) && spec.target === 'other-namespace');
  if (crossTenant && !namespaceTenancySupported(model)) {
    const c = clauseFor(model, 'multi-tenant-not-vulnerability');
    const supported = clauseFor(model, 'tenancy-supported');
    if (c) {
      return not(
        'multi-tenant-only',
        supported ? [supported, c] : [c],
        'The attack only matters when namespaces separate mutually untrusted tenants, and the model does not treat namespaces as a security boundary between tenants.',
      );
    }
    notes.push(missingRuleNote(model, 'multi-tenant-not-vulnerability', 'multi-tenant-only report out of scope'));
  }

  // 7. Application bugs, documented behaviour, replay.
  if (spec.requires.includes('victim-application-bug')) {
    const c = clauseFor(model, 'application-level-excluded');
    if (c) {
      return not('application-level', [c], 'The attack needs a bug in the attacked application itself, which is the application\'s responsibility.');
    }
    // A model without the explicit exclusion (the 2021 draft) still only judges exploits of Knative itself: its purpose
    // clause asks whether the report "describes a potential exploit" of Knative, and a flaw that lives in the user's
    // application is not one (the 2023 Ada Logics audit: "entirely the responsibility of the user's application").
    const purpose = clauseFor(model, 'purpose-triage');
    if (purpose) {
      notes.push(`${model.metadata.id} has no clause tagged application-level-excluded; decided by its purpose clause (${purpose.id}): a bug in the attacked application is not an exploit of Knative`);
      return not('application-level', [purpose], 'The attack needs a bug in the attacked application itself, which is the application\'s responsibility, not a flaw in Knative.');
    }
    notes.push(missingRuleNote(model, 'application-level-excluded', 'application-level report out of scope'));
  }
  if (spec.requires.includes('documented-insecure-config') || spec.documented === 'administrator-choice') {
    // Enabling a setting whose effect the documentation states (or calls insecure) is an administrator's choice;
    // administrators configure the platform and are not among the model's threat actors.
    const c = firstClause(model, ['administrator-trusted', 'administrator-defined', 'platform-trusted']);
    if (c) {
      return not(
        'insecure-configuration',
        [c],
        `The attack needs a setting whose effect the documentation states${docs(spec)}; choosing it is the administrator's decision, and the model does not count administrators among its threat actors.`,
      );
    }
    notes.push(missingRuleNote(model, 'administrator-trusted', 'report about documented insecure configuration out of scope'));
  }
  if (spec.documented === 'owner-choice' || spec.documented === 'default-limitation') {
    const owner = spec.documented === 'owner-choice';
    const finding = owner
      ? `The documentation states the effect of the setting the affected application's owner chose${docs(spec)}: Knative behaves as documented for the owner's choice.`
      : `The documentation states this limitation of the default set-up and how to mitigate it${docs(spec)}: Knative behaves as documented.`;
    const c = clauseFor(model, 'documented-limitations');
    if (c) return not('expected-behaviour', [c], finding);
    // The 2021 draft has no sentence on documented behaviour; its purpose clause asks whether a report "describes a
    // potential exploit", and behaviour the documentation states for a chosen setting is not one.
    const purpose = clauseFor(model, 'purpose-triage');
    if (purpose) {
      notes.push(`${model.metadata.id} has no clause tagged documented-limitations; decided by its purpose clause (${purpose.id}): documented behaviour is not an exploit`);
      return not('expected-behaviour', [purpose], finding);
    }
    notes.push(missingRuleNote(model, 'documented-limitations', 'documented behaviour expected'));
  }
  if (spec.category === 'event-replay') {
    const c = clauseFor(model, 'replay-expected');
    if (c) {
      return not('expected-behaviour', [c], 'Delivering an event more than once is expected with at-least-once delivery.');
    }
    notes.push(missingRuleNote(model, 'replay-expected', 'event replay expected behaviour'));
  }

  // 8. No worse than plain Kubernetes.
  if (spec.equallyAffectsKubernetes) {
    const { confidentiality, integrity, availability } = spec.impact;
    const availabilityOnly = confidentiality === 'none' && integrity === 'none' && availability !== 'none';
    const equal = clauseFor(model, 'equal-impact-out-of-scope');
    const inherited = clauseFor(model, 'availability-inherited');
    // 2025 excludes any impact that hits Knative and non-Knative workloads equally; 2021 only availability.
    if (equal) {
      return not('inherited-from-kubernetes', [equal], 'The same attack works as well against workloads that do not use Knative, so it is not a Knative issue.');
    }
    if (availabilityOnly && inherited) {
      return not(
        'inherited-from-kubernetes',
        [inherited],
        'The impact is on availability only and is no worse than the same situation in plain Kubernetes.',
      );
    }
    if (availabilityOnly) notes.push(missingRuleNote(model, 'availability-inherited', 'availability issue inherited from Kubernetes'));
  }

  // 9. Hardening only: a weakness with no demonstrated path to an impact (or no impact at all) reaches none of the
  // attack goals; the 2023 audit filed such findings as "Informational". It is worth a public fix, not an advisory.
  const { confidentiality, integrity, availability } = spec.impact;
  const noImpact = confidentiality === 'none' && integrity === 'none' && availability === 'none';
  if (!spec.impactDemonstrated || noImpact) {
    const c = firstClause(model, ['attack-goals', 'purpose-triage']);
    if (c) {
      if (c.rule !== 'attack-goals') notes.push(`${model.metadata.id} has no clause tagged attack-goals; decided by its purpose clause (${c.id}): a weakness with no demonstrated impact is not an exploit`);
      return not(
        'hardening-only',
        [c],
        noImpact
          ? 'The report shows no impact on confidentiality, integrity or availability: it is hardening (informational), not an exploit.'
          : 'The report shows a weakness but no way for an attacker to turn it into an impact: it is hardening (informational), worth a public fix, not an advisory.',
      );
    }
  }

  // 10. A vulnerability. Cite why it is in scope when the model says so explicitly.
  const inScope: Clause[] = [];
  if (crossTenant || spec.target === 'other-namespace') {
    const goal = clauseFor(model, 'namespace-isolation-goal');
    if (goal) inScope.push(goal);
  }
  const purpose = clauseFor(model, 'purpose-triage');
  if (purpose) inScope.unshift(purpose);
  return {
    verdict: 'vulnerability',
    reason: null,
    clauses: inScope,
    finding:
      crossTenant || spec.target === 'other-namespace'
        ? namespaceTenancySupported(model)
          ? 'None of the model\'s exclusions applies, and the model treats namespaces as boundaries between teams, so crossing them is an exploit.'
          : 'None of the model\'s exclusions applies: the attacker needs no tenant position to cross namespaces.'
        : 'None of the model\'s exclusions applies: the report describes an exploit.',
    notes,
  };
}
