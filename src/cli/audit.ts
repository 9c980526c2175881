/**
 * `ktm audit SOURCE… [--kubeconfig FILE] [--context NAME] [--model knative-2021|knative-2025|FILE]
 *  [--tenancy cluster|namespace|control-plane|all] [--developers trusted|untrusted] [--users trusted|untrusted]
 *  [--tenant-selector SEL] [-f table|json|sarif|md|html|policyreport|openreports|reports|junit]
 *  [--report-api auto|wgpolicyk8s|openreports|both] [--report-name ktm-NAME] [--fail-on low|moderate|high|critical|never]
 *  [--cni NAME] [-n NS]… [-o FILE]
 *  [--exceptions FILE] [--no-accept-annotations] [--baseline PREVIOUS.json [--fail-on-new]]`: does this cluster meet the threat model for the tenancy it runs?
 */
import type { Command } from 'commander';
import { runAudit } from '../audit/index.js';
import { SEVERITIES, severityRank, type AuditResult } from '../audit/types.js';
import { apiGetter, loadInventory, readsLiveCluster, type LoadOptions } from '../k8s/live.js';
import {
  REPORT_API_MODES,
  apiVersionOf,
  chooseReportApis,
  discoverReportApis,
  reportApisInInventory,
  type ReportApiEvidence,
  type ReportApiId,
  type ReportApiMode,
} from '../k8s/report-apis.js';
import type { Inventory } from '../k8s/types.js';
import { parseSelectorString } from '../k8s/selectors.js';
import { DEFAULT_MODEL, loadModel } from '../model/loader.js';
import { TENANCY_MODELS, type TenancyModelId } from '../model/schema.js';
import { renderAuditHtml } from '../render/audit-html.js';
import { writeAuditJson } from '../render/audit-json.js';
import { renderAuditMarkdown } from '../render/audit-md.js';
import { renderAuditTable } from '../render/audit-table.js';
import { REPORT_NAME, isReportName } from '../render/policyreport.js';
import { renderReports } from '../render/reports.js';
import { renderSarif } from '../render/sarif.js';
import { renderCheckListJson, renderCheckListText } from '../render/check-list.js';
import { ALL_CHECKS } from '../audit/checks/index.js';
import { ruleInfo } from '../audit/runner.js';
import { compareWithBaseline, introducedFindings, loadBaseline } from '../audit/baseline.js';
import { ACCEPT_ANNOTATION, DEFAULT_EXCEPTIONS_FILE, loadExceptions } from '../audit/exceptions.js';
import { existsSync } from 'node:fs';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../util/errors.js';
import { action, cniOption, CNI_OPTION, oneOf, writeOutput } from './common.js';
import { openOutputStream } from './output-stream.js';
import { summaryOf } from './commands.js';
import { checkNamespacesExist, formatFor, chosenNamespaces, formatOption, namespaceOptions, outputOption } from './output-options.js';
import { judgedInput, judgedModels } from './judged-input.js';
import { scopeToNamespaces } from '../audit/scope.js';
import { renderAuditJUnit } from '../render/audit-junit.js';
import type { JudgedInput } from '../render/json-envelope.js';

export const AUDIT_FORMATS = ['table', 'json', 'sarif', 'md', 'html', 'policyreport', 'openreports', 'reports', 'junit'] as const;
type AuditFormat = (typeof AUDIT_FORMATS)[number];
const REPORT_FORMATS: readonly AuditFormat[] = ['policyreport', 'openreports', 'reports'];
/** `never`: exit 0 whatever the findings, for a job whose next step must run (the CronJob's publisher). */
const FAIL_ON = [...SEVERITIES, 'never'] as const;
/** `--report-api` may come from the environment, so the CronJob's manifest can set it without changing the args. */
export const REPORT_API_ENV = 'KTM_REPORT_API';
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
  format?: string;
  failOn: string;
  output?: string;
  listChecks?: boolean;
  reportApi?: string;
  reportName: string;
  cni?: string;
  namespace?: string[];
  allNamespaces?: boolean;
  exceptions?: string;
  acceptAnnotations: boolean;
  baseline?: string;
  failOnNew?: boolean;
  verbose?: boolean;
}

export function register(program: Command): void {
  const cmd = program
    .command('audit')
    .description(summaryOf('audit'))
    .argument('[sources...]', 'manifest files, folders, kubectl dumps, or - for standard input')
    .option('--kubeconfig <file>', 'read a live cluster (read-only) with this kubeconfig')
    .option('--context <name>', 'kubeconfig context to use for the live cluster')
    .option('--model <ref>', 'threat model: knative-2021, knative-2025 or a model FILE', DEFAULT_MODEL)
    .option('--tenancy <model>', `tenancy model(s) to judge: ${TENANCY_CHOICES.join(' | ')}`, 'all')
    .option('--developers <trust>', 'trust in developers (default: the model\'s for cluster, untrusted for namespace/control-plane)')
    .option('--users <trust>', "trust in users (default: the model's)")
    .option('--tenant-selector <selector>', 'tenant namespaces = those matching this label selector (e.g. "tenant=true,env!=dev")')
    .option('--report-api <api>', `with --format reports, the policy report API(s) to write: ${REPORT_API_MODES.join(' | ')} (default: $${REPORT_API_ENV}, else auto = those the cluster has installed)`)
    .option('--report-name <name>', 'name of ktm\'s reports (policyreport, openreports, reports): ktm- then a DNS label', REPORT_NAME)
    .option(CNI_OPTION.flags, CNI_OPTION.description);
  formatOption(cmd, AUDIT_FORMATS, 'table');
  namespaceOptions(cmd, 'findings about objects').option('--fail-on <severity>', `exit 1 when a finding is at or above: ${FAIL_ON.join(' | ')}`, 'moderate');
  outputOption(cmd, 'write the report to this file instead of standard output (its extension chooses the format)')
    .option('--exceptions <file>', `accepted risks (AuditExceptions YAML); default ${DEFAULT_EXCEPTIONS_FILE} in the working directory when present`)
    .option('--no-accept-annotations', `ignore ${ACCEPT_ANNOTATION} annotations on objects (whoever edits an object can write one)`)
    .option('--baseline <file>', 'a previous `ktm audit --format json`: mark each finding new, unchanged, updated or absent')
    .option('--fail-on-new', '--fail-on counts only findings new since --baseline (and known ones whose severity rose)')
    .option('-v, --verbose', 'text output: the model\'s words for unsupported tenancies, and each finding\'s full message and path')
    .option('--list-checks', 'list the checks with their clause and equivalents in CIS, Kubescape, Trivy, NSA/CISA and MTB (table or json), then exit')
    .action(
      action(async (sources: string[], opts: AuditCliOptions) => {
        const format = formatFor('audit', opts, AUDIT_FORMATS, 'table');
        const namespaces = chosenNamespaces(opts);
        if (opts.listChecks) {
          if (format !== 'table' && format !== 'json') throw new UsageError(`--list-checks prints table or json, not ${format}`);
          if (sources.length > 0 || opts.kubeconfig) throw new UsageError('--list-checks lists the checks and reads no cluster: drop the sources');
          const model = loadModel(opts.model);
          const rules = ALL_CHECKS.map((c) => ruleInfo(c, model, true));
          writeOutput(format === 'json' ? renderCheckListJson(rules, { id: model.metadata.id, version: model.metadata.version }) : renderCheckListText(rules, model.metadata.id), opts.output);
          return EXIT_OK;
        }
        const failOn = oneOf('--fail-on', opts.failOn, FAIL_ON);
        const tenancyOpt = oneOf('--tenancy', opts.tenancy, TENANCY_CHOICES);
        const developers = opts.developers === undefined ? undefined : oneOf('--developers', opts.developers, TRUST);
        const users = opts.users === undefined ? undefined : oneOf('--users', opts.users, TRUST);
        const tenantSelector = opts.tenantSelector === undefined ? undefined : parseSelectorString(opts.tenantSelector, '--tenant-selector');
        const cni = cniOption(opts.cni);
        const tenancy: TenancyModelId[] = tenancyOpt === 'all' ? [...TENANCY_MODELS] : [tenancyOpt];
        const reportApiMode = reportApiModeOf(format, opts.reportApi);
        if (opts.reportName !== REPORT_NAME && !REPORT_FORMATS.includes(format)) throw new UsageError(`--report-name names policy reports: use it with --format ${REPORT_FORMATS.join('|')}`);
        if (!isReportName(opts.reportName)) throw new UsageError(`option --report-name: "${opts.reportName}" is not ktm- followed by a DNS label (lower-case letters, digits, '-'; at most 63 characters)`);
        const model = loadModel(opts.model);
        if (opts.failOnNew && !opts.baseline) throw new UsageError('--fail-on-new needs --baseline PREVIOUS.json');
        const exceptionsFile = opts.exceptions ?? (existsSync(DEFAULT_EXCEPTIONS_FILE) ? DEFAULT_EXCEPTIONS_FILE : undefined);
        const accept = { rules: exceptionsFile ? loadExceptions(exceptionsFile) : [], annotations: opts.acceptAnnotations };
        const previous = opts.baseline ? loadBaseline(opts.baseline) : undefined;
        const load: LoadOptions = { sources, kubeconfig: opts.kubeconfig, context: opts.context };
        const inv = await loadInventory(load);
        checkNamespacesExist(namespaces, (ns) => inv.namespaces.has(ns));
        const reportApis = reportApiMode ? await reportApisFor(reportApiMode, inv, load) : [];
        const whole = runAudit(inv, { model, tenancy, developers, users, tenantSelector, accept, ...cni });
        let result = namespaces ? scopeToNamespaces(whole, namespaces) : whole;
        if (previous) result = compareWithBaseline(result, previous);

        const color = format === 'table' && !opts.output && process.stdout.isTTY === true && !process.env.NO_COLOR;
        const input = { ...judgedInput(sources, opts, namespaces), models: judgedModels([model]) };
        if (format === 'json') {
          // Streamed: a report of 10⁵ findings is hundreds of MB of JSON.
          const out = openOutputStream(opts.output);
          writeAuditJson(out, result, input);
          out.close({ ensureNewline: true });
        } else writeOutput(render(format, result, color, opts.verbose === true, input, { apis: reportApis, name: opts.reportName }), opts.output);
        if (opts.output && opts.output !== '-') process.stderr.write(`${summaryLine(result, opts.output)}\n`);

        // Machine output on stdout has no room for warnings: an expired exception is said on stderr.
        const human = format === 'table' || format === 'md' || format === 'html';
        if (!human && !(opts.output && opts.output !== '-')) for (const w of result.warnings) process.stderr.write(`ktm audit: warning: ${w}\n`);
        // Accepted findings are not in result.findings; with --fail-on-new only what the change introduced counts.
        const counted = previous && opts.failOnNew ? introducedFindings(result, previous) : result.findings;
        const failing = failOn === 'never' ? [] : counted.filter((f) => severityRank(f.severity) >= severityRank(failOn));
        return failing.length > 0 ? EXIT_FINDINGS : EXIT_OK;
      }),
    );
}

/** The `--report-api` mode for `--format reports` (flag, else $KTM_REPORT_API, else auto); undefined for other formats. */
function reportApiModeOf(format: AuditFormat, flag: string | undefined): ReportApiMode | undefined {
  if (format !== 'reports') {
    if (flag !== undefined) throw new UsageError('--report-api chooses the APIs of --format reports: add --format reports');
    return undefined;
  }
  if (flag !== undefined) return oneOf('--report-api', flag, REPORT_API_MODES);
  const env = process.env[REPORT_API_ENV];
  return env === undefined || env === '' ? 'auto' : oneOf(`$${REPORT_API_ENV}`, env, REPORT_API_MODES);
}

/**
 * The report APIs to write; for auto, from the CRDs in the input files and, when a live cluster is read, its API
 * discovery. Says on stderr which and why, so the CronJob's log explains what it published.
 */
async function reportApisFor(mode: ReportApiMode, inv: Inventory, load: LoadOptions): Promise<ReportApiId[]> {
  const evidence: ReportApiEvidence[] = [];
  if (mode === 'auto') {
    evidence.push(...reportApisInInventory(inv));
    if (readsLiveCluster(load)) evidence.push(...(await discoverReportApis(await apiGetter({ kubeconfig: load.kubeconfig, context: load.context }))));
  }
  const apis = chooseReportApis(mode, evidence);
  const why = (id: ReportApiId) => {
    const seen = evidence.filter((e) => e.api === id && e.installed).map((e) => e.evidence);
    return seen.length ? `${apiVersionOf(id)} (installed: ${seen.join('; ')})` : `${apiVersionOf(id)} (--report-api ${mode})`;
  };
  process.stderr.write(`ktm audit: writing reports in ${apis.map(why).join(' and ')}\n`);
  return apis;
}

function render(format: Exclude<AuditFormat, 'json'>, r: AuditResult, color: boolean, verbose: boolean, input: JudgedInput, reports: { apis: ReportApiId[]; name: string }): string {
  switch (format) {
    case 'junit':
      return renderAuditJUnit(r);
    case 'sarif':
      return renderSarif(r);
    case 'md':
      return renderAuditMarkdown(r);
    case 'html':
      return renderAuditHtml(r);
    case 'policyreport':
      return renderReports(r, ['wgpolicyk8s'], undefined, reports.name);
    case 'openreports':
      return renderReports(r, ['openreports'], undefined, reports.name);
    case 'reports':
      return renderReports(r, reports.apis, undefined, reports.name);
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
  const accepted = r.accepted?.length ? `; ${r.accepted.length} accepted` : '';
  const fresh = r.absent ? `; ${r.findings.filter((f) => f.baseline === 'new').length} new since the baseline` : '';
  return `ktm audit: wrote ${output} (model ${r.model}; ${verdicts}; ${r.findings.length} finding(s)${bySev ? `: ${bySev}` : ''}${accepted}${fresh})${warn}`;
}
