/**
 * `ktm audit SOURCE… [--kubeconfig FILE] [--context NAME] [--model knative-2021|knative-2025|FILE]
 *  [--tenancy cluster|namespace|control-plane|all] [--developers trusted|untrusted] [--users trusted|untrusted]
 *  [--tenant-selector SEL] [--format table|json|sarif|md|html|policyreport|openreports] [--fail-on low|moderate|high|critical]
 *  [--output FILE]`: does this cluster meet the threat model for the tenancy it runs?
 */
import type { Command } from 'commander';
import { runAudit } from '../audit/index.js';
import { SEVERITIES, severityRank, type AuditResult } from '../audit/types.js';
import { loadInventory } from '../k8s/live.js';
import { parseSelectorString } from '../k8s/selectors.js';
import { DEFAULT_MODEL, loadModel } from '../model/loader.js';
import { TENANCY_MODELS, type TenancyModelId } from '../model/schema.js';
import { renderAuditHtml } from '../render/audit-html.js';
import { renderAuditJson } from '../render/audit-json.js';
import { renderAuditMarkdown } from '../render/audit-md.js';
import { renderAuditTable } from '../render/audit-table.js';
import { renderPolicyReports } from '../render/policyreport.js';
import { renderSarif } from '../render/sarif.js';
import { renderOpenReports } from '../render/openreports.js';
import { renderCheckListJson, renderCheckListText } from '../render/check-list.js';
import { ALL_CHECKS } from '../audit/checks/index.js';
import { ruleInfo } from '../audit/runner.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../util/errors.js';
import { action, oneOf, writeOutput } from './common.js';

export const AUDIT_FORMATS = ['table', 'json', 'sarif', 'md', 'html', 'policyreport', 'openreports'] as const;
const TENANCY_CHOICES = [...TENANCY_MODELS, 'all'] as const;
const TRUST = ['trusted', 'untrusted'] as const;

interface AuditCliOptions {
  kubeconfig?: string;
  context?: string;
  model: string;
  tenancy: string;
  developers?: string;
  users?: string;
  tenantSelector?: string;
  format: string;
  failOn: string;
  output?: string;
  listChecks?: boolean;
  verbose?: boolean;
}

export function register(program: Command): void {
  program
    .command('audit')
    .description('Posture audit: does this cluster meet the threat model for the tenancy it runs? Findings, verdicts, fixes.')
    .argument('[sources...]', 'manifest files, folders, kubectl dumps, or - for standard input')
    .option('--kubeconfig <file>', 'read a live cluster (read-only) with this kubeconfig')
    .option('--context <name>', 'kubeconfig context to use for the live cluster')
    .option('--model <ref>', 'threat model: knative-2021, knative-2025 or a model FILE', DEFAULT_MODEL)
    .option('--tenancy <model>', `tenancy model(s) to judge: ${TENANCY_CHOICES.join(' | ')}`, 'all')
    .option('--developers <trust>', 'trust in developers (default: the model\'s for cluster, untrusted for namespace/control-plane)')
    .option('--users <trust>', "trust in users (default: the model's)")
    .option('--tenant-selector <selector>', 'tenant namespaces = those matching this label selector (e.g. "tenant=true,env!=dev")')
    .option('--format <format>', `output format: ${AUDIT_FORMATS.join(' | ')}`, 'table')
    .option('--fail-on <severity>', `exit 1 when a finding is at or above: ${SEVERITIES.join(' | ')}`, 'moderate')
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .option('-v, --verbose', 'text output: the model\'s words for unsupported tenancies, and each finding\'s full message and path')
    .option('--list-checks', 'list the checks with their clause and equivalents in CIS, Kubescape, Trivy, NSA/CISA and MTB (table or json), then exit')
    .action(
      action(async (sources: string[], opts: AuditCliOptions) => {
        const format = oneOf('--format', opts.format, AUDIT_FORMATS);
        if (opts.listChecks) {
          if (format !== 'table' && format !== 'json') throw new UsageError(`--list-checks prints table or json, not ${format}`);
          if (sources.length > 0 || opts.kubeconfig) throw new UsageError('--list-checks lists the checks and reads no cluster: drop the sources');
          const model = loadModel(opts.model);
          const rules = ALL_CHECKS.map((c) => ruleInfo(c, model, true));
          writeOutput(format === 'json' ? renderCheckListJson(rules, model.metadata.id) : renderCheckListText(rules, model.metadata.id), opts.output);
          return EXIT_OK;
        }
        const failOn = oneOf('--fail-on', opts.failOn, SEVERITIES);
        const tenancyOpt = oneOf('--tenancy', opts.tenancy, TENANCY_CHOICES);
        const developers = opts.developers === undefined ? undefined : oneOf('--developers', opts.developers, TRUST);
        const users = opts.users === undefined ? undefined : oneOf('--users', opts.users, TRUST);
        const tenantSelector = opts.tenantSelector === undefined ? undefined : parseSelectorString(opts.tenantSelector, '--tenant-selector');
        const tenancy: TenancyModelId[] = tenancyOpt === 'all' ? [...TENANCY_MODELS] : [tenancyOpt];
        const model = loadModel(opts.model);
        const inv = await loadInventory({ sources, kubeconfig: opts.kubeconfig, context: opts.context });
        const result = runAudit(inv, { model, tenancy, developers, users, tenantSelector });

        const color = format === 'table' && !opts.output && process.stdout.isTTY === true && !process.env.NO_COLOR;
        const text = render(format, result, color, opts.verbose === true);
        writeOutput(text, opts.output);
        if (opts.output && opts.output !== '-') process.stderr.write(`${summaryLine(result, opts.output)}\n`);

        const failing = result.findings.filter((f) => severityRank(f.severity) >= severityRank(failOn));
        return failing.length > 0 ? EXIT_FINDINGS : EXIT_OK;
      }),
    );
}

function render(format: (typeof AUDIT_FORMATS)[number], r: AuditResult, color: boolean, verbose: boolean): string {
  switch (format) {
    case 'json':
      return renderAuditJson(r);
    case 'sarif':
      return renderSarif(r);
    case 'md':
      return renderAuditMarkdown(r);
    case 'html':
      return renderAuditHtml(r);
    case 'policyreport':
      return renderPolicyReports(r);
    case 'openreports':
      return renderOpenReports(r);
    default:
      return renderAuditTable(r, { color, verbose });
  }
}

/** One line for the terminal when the report went to a file: where it is and what it says. */
export function summaryLine(r: AuditResult, output: string): string {
  const verdicts = Object.entries(r.verdicts)
    .map(([t, v]) => `${t}: ${v}`)
    .join(', ');
  const bySev = SEVERITIES.slice()
    .reverse()
    .map((s) => [s, r.findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  const warn = r.warnings.map((w) => `\nktm audit: warning: ${w}`).join('');
  return `ktm audit: wrote ${output} (model ${r.model}; ${verdicts}; ${r.findings.length} finding(s)${bySev ? `: ${bySev}` : ''})${warn}`;
}
