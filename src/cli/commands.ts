/**
 * The table of ktm's commands: name, one-line summary, and how to load the module that defines it. `ktm --help`
 * lists every command from this table alone; only the command being run is imported (a CLI run from CI and
 * pre-commit hooks should not pay for the Kubernetes client, Graphviz or CEL it does not use).
 */
import type { Command } from 'commander';

export interface CommandModule {
  register(program: Command): void;
}

export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<CommandModule>;
  /** Its operands are manifest sources, possibly a whole cluster: a very large input gets a larger heap (large-heap.ts). */
  readsManifests?: true;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'model',
    summary: 'Show, check, compare and draw threat models (built-in ids or model files; any id may be a path).',
    load: () => import('./model.js'),
  },
  {
    name: 'triage',
    summary: 'Judge a vulnerability report against the Knative threat model: verdict, severity, CVSS, trace, advisory drafts',
    load: () => import('./triage.js'),
  },
  {
    name: 'cvss',
    summary: 'Score CVSS 3.x / 4.0 vectors: one JSON line {vector, version, score, severity} per vector',
    load: () => import('./cvss.js'),
  },
  {
    name: 'reach',
    summary: 'Who can reach whom: NetworkPolicy/AdminNetworkPolicy reachability plus Knative shared hops',
    load: () => import('./reach.js'),
    readsManifests: true,
  },
  {
    name: 'pss',
    summary: 'Evaluate workloads against the Pod Security Standards (baseline/restricted) at a policy version',
    load: () => import('./pss.js'),
    readsManifests: true,
  },
  {
    name: 'audit',
    summary: 'Posture audit: does this cluster meet the threat model for the tenancy it runs? Findings, verdicts, fixes.',
    load: () => import('./audit.js'),
    readsManifests: true,
  },
  {
    name: 'harden',
    summary:
      'Hardening: the manifests (NetworkPolicies, PSA labels, Knative config, RBAC, admission policies, quotas) that make the audit pass; never applied',
    load: () => import('./harden.js'),
    readsManifests: true,
  },
  {
    name: 'review',
    summary: 'Feature review: what a FeatureDesign does to the threat model (new reach by actor, crossings, STRIDE, tenancy impact).',
    load: () => import('./review.js'),
  },
  {
    name: 'serve',
    summary: 'Run the workbench: triage queue, audit reports and model browser in the browser (SQLite store)',
    load: () => import('./serve.js'),
  },
];

/** The summary of a command, for its own `.description()`: the table is the one place it is written. */
export function summaryOf(name: string): string {
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) throw new Error(`no command "${name}" in the command table`);
  return entry.summary;
}

/**
 * Which command argv runs: the first word after ktm's own options (`--help`, `--version`, which take no value),
 * or the word after `help`. Undefined when none is named (`ktm`, `ktm --help`).
 */
export function invokedCommand(args: readonly string[]): string | undefined {
  const words = args.filter((a) => !a.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}
