/**
 * `ktm harden SOURCE… --tenancy namespace|control-plane`: the manifests that make the audit pass, as YAML.
 * Dry by design: ktm never applies anything.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { action, cniOption, CNI_OPTION, oneOf, writeOutput } from './common.js';
import { summaryOf } from './commands.js';
import { checkOutputName, formatsOfExtension } from './output-options.js';
import { loadInventory } from '../k8s/live.js';
import { parseSelectorString } from '../k8s/selectors.js';
import { loadModel } from '../model/loader.js';
import { tenantNamespaces } from '../audit/tenants.js';
import { harden, DEFAULT_HARDEN_OPTIONS, type HardenOptions } from '../harden/index.js';
import { hardenFiles, writeHardenStream, type HardenFile } from '../render/harden-yaml.js';
import { openOutputStream } from './output-stream.js';
import { renderHardenProof } from '../render/harden-proof.js';
import { UsageError } from '../util/errors.js';

interface HardenCliOptions {
  tenancy: string;
  developers: string;
  mesh: string;
  sandbox: string;
  anp?: boolean;
  cnp?: boolean;
  apiserverCidr?: string;
  maxScaleLimit: string;
  model: string;
  tenantSelector?: string;
  output?: string;
  out?: string;
  explain?: boolean;
  cni?: string;
  kubeconfig?: string;
  context?: string;
}

export function register(program: Command): void {
  program
    .command('harden')
    .description(summaryOf('harden'))
    .argument('[sources...]', 'manifest files, folders or - for stdin (or a live cluster with --kubeconfig)')
    .option('--tenancy <model>', 'tenancy model to harden for: namespace | control-plane', 'namespace')
    .option('--developers <trust>', 'trusted | untrusted developers (untrusted: restricted PSS)', 'untrusted')
    .option('--mesh <mesh>', 'istio: add AuthorizationPolicies that bind callers to their namespace | none', 'none')
    .option('--sandbox <runtime>', 'gvisor | kata: put every revision in a sandbox RuntimeClass | none', 'none')
    .option('--anp', 'the cluster supports AdminNetworkPolicy (v1alpha1): cluster-wide parts as ANPs')
    .option('--cnp', 'the cluster supports ClusterNetworkPolicy (v1alpha2): cluster-wide parts as Admin-tier CNPs (the default when the input holds its CRD)')
    .option('--apiserver-cidr <cidr>', 'the address range the API server calls webhooks from')
    .option('--max-scale-limit <n>', 'bound for config-autoscaler max-scale-limit when unbounded', String(DEFAULT_HARDEN_OPTIONS.maxScaleLimit))
    .option('--model <id|file>', 'threat model whose clauses the objects cite', 'knative-2021')
    .option('--tenant-selector <selector>', 'label selector of tenant namespaces (default: every non-system namespace)')
    .option('-o, --output <dir|file.yaml|->', 'a folder (one file per concern, plus MANUAL.md), a .yaml/.yml file or - (the default) for one YAML stream')
    .option('--out <dir|file.yaml|->', 'the same as --output (its older name)')
    .option(CNI_OPTION.flags, CNI_OPTION.description)
    .option('--explain', 'print the proof instead of the manifests: every flow the system needs, and whether it holds after hardening')
    .option('--kubeconfig <file>', 'read a live cluster (read-only)')
    .option('--context <name>', 'kubeconfig context')
    .action(
      action(async (sources: string[], o: HardenCliOptions) => {
        const target = outputTarget(o);
        if (o.anp && o.cnp) throw new UsageError('options --anp and --cnp exclude each other: choose the API version the cluster serves');
        const options: HardenOptions = {
          tenancy: oneOf('--tenancy', o.tenancy, ['namespace', 'control-plane'] as const),
          developers: oneOf('--developers', o.developers, ['trusted', 'untrusted'] as const),
          mesh: oneOf('--mesh', o.mesh, ['istio', 'none'] as const),
          sandbox: oneOf('--sandbox', o.sandbox, ['gvisor', 'kata', 'none'] as const),
          anp: Boolean(o.anp),
          cnp: Boolean(o.cnp),
          maxScaleLimit: positiveInt('--max-scale-limit', o.maxScaleLimit),
          ...(o.apiserverCidr ? { apiserverCidr: cidr(o.apiserverCidr) } : {}),
          ...cniOption(o.cni),
        };
        const selector = o.tenantSelector ? parseSelectorString(o.tenantSelector) : undefined;
        const model = loadModel(o.model);
        const inventory = await loadInventory({ sources, kubeconfig: o.kubeconfig, context: o.context });
        const result = harden(inventory, model, options, tenantNamespaces(inventory, selector));
        if (options.tenancy === 'control-plane') {
          result.manual.unshift({
            fixes: ['KTM-CP-001'],
            rule: 'multi-cluster-independent',
            text: 'Control planes as tenants: run an independent Knative installation per virtual cluster; one Knative serving several virtual clusters shares its activator, autoscaler and gateway and cannot be fixed by manifests.',
          });
        }
        if (o.explain) {
          writeOutput(renderHardenProof(result));
        } else if (target === '-' || isYamlFile(target)) {
          const out = openOutputStream(target);
          try {
            writeHardenStream(result, out);
          } finally {
            out.close({ ensureNewline: true });
          }
        } else {
          const files = hardenFiles(result);
          writeFiles(target, files);
          const names = files.map((f) => f.name);
          process.stderr.write(`ktm harden: wrote ${names.length} file(s) to ${target}: ${names.join(', ') || '(nothing to add)'}${names.includes('MANUAL.md') ? `; read ${join(target, 'MANUAL.md')} for the steps manifests cannot express` : ''}\n`);
        }
        return 0;
      }),
    );
}

/** `-o/--output`, or `--out` (its older name); both at once must agree. A format word is refused (`-o yaml`). */
function outputTarget(o: HardenCliOptions): string {
  if (o.output !== undefined && o.out !== undefined && o.output !== o.out) throw new UsageError('options --output and --out are the same option: give one');
  const target = o.output ?? o.out ?? '-';
  checkOutputName(target);
  // `-o plan.json` would make a folder named plan.json: harden writes YAML only.
  const asked = formatsOfExtension(target);
  if (asked.length > 0 && !asked.includes('yaml')) throw new UsageError(`-o ${target}: harden writes YAML: give a folder, a .yaml file or - (standard output)`);
  return target;
}

/** A `.yaml`/`.yml` target is one file holding the YAML stream; anything else is a folder. */
function isYamlFile(target: string): boolean {
  return /\.ya?ml$/i.test(target);
}

function positiveInt(option: string, v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new UsageError(`option ${option}: "${v}" is not a positive whole number`);
  return Number(v);
}

function cidr(v: string): string {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(v);
  if (!m || m.slice(1, 5).some((o) => Number(o) > 255) || Number(m[5]) > 32) {
    throw new UsageError(`option --apiserver-cidr: "${v}" is not an IPv4 CIDR (a.b.c.d/n, octets 0-255, n 0-32)`);
  }
  return v;
}

/**
 * Writes the files of `--output DIR`, each streamed in blocks (cli/output-stream.ts); a folder or file that cannot be
 * made or written is a usage error (exit 2), not a crash.
 */
function writeFiles(dir: string, files: HardenFile[]): void {
  try {
    mkdirSync(dir, { recursive: true });
    for (const file of files) {
      const out = openOutputStream(join(dir, file.name));
      try {
        file.write(out);
      } finally {
        out.close();
      }
    }
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'EEXIST' || e.code === 'ENOTDIR' ? 'it is a file, or a file stands in its path' : e.code === 'EACCES' ? 'permission denied' : e.message;
    throw new UsageError(`option --output: cannot write to "${dir}": ${why}`);
  }
}
