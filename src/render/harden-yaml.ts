/**
 * Renders hardening output as YAML: one stream (objects separated by `---`, each preceded by a comment saying what it
 * fixes and why), or one file per concern plus MANUAL.md for what manifests cannot do.
 */
import { stringify } from 'yaml';
import type { HardenResult } from '../harden/index.js';
import { collectText, type TextSink } from './text-sink.js';
import { fastYamlOf } from './fast-yaml.js';
import { groupBy } from '../util/arrays.js';
import { ANNOTATION_CLAUSE, ANNOTATION_FIXES, CONCERNS, type Concern, type GeneratedObject } from '../harden/types.js';

function objectYaml(g: GeneratedObject): string {
  const a = g.object.metadata.annotations ?? {};
  const head = `# ${g.object.kind} ${g.object.metadata.namespace ? `${g.object.metadata.namespace}/` : ''}${g.object.metadata.name}` +
    `${a[ANNOTATION_FIXES] ? ` — fixes ${a[ANNOTATION_FIXES]}` : ''} — serves ${a[ANNOTATION_CLAUSE]}\n# ${g.reason}\n`;
  // The fast writer covers almost every object harden writes, in the same bytes; eemeli/yaml writes the rest.
  return head + (fastYamlOf(g.object) ?? stringify(g.object, { lineWidth: 0, aliasDuplicateObjects: false }));
}

/** The objects a manual step is about, as the audit names them (so every residual finding can be found by its object). */
function objectsOf(m: HardenResult['manual'][number], code = false): string {
  return m.resources?.length ? ` Objects: ${m.resources.map((r) => (code ? `\`${r}\`` : r)).join(', ')}.` : '';
}

function manualComment(result: HardenResult): string {
  if (result.manual.length === 0) return '';
  const lines = result.manual.map((m) => `#   - [${m.fixes.join(',')}] ${m.text}${objectsOf(m)}`);
  return `# Not expressible as manifests — do by hand:\n${lines.join('\n')}\n`;
}

/** The whole output as one YAML stream, written object by object as each is rendered (never one string). */
export function writeHardenStream(result: HardenResult, sink: TextSink): void {
  sink.write(
    `# ktm harden — ${result.objects.length} object(s) for ${result.tenants.length} tenant namespace(s): ${result.tenants.join(', ') || '(none)'}\n# Review, then apply with: kubectl apply -f -\n${manualComment(result)}`,
  );
  if (result.objects.length === 0) {
    sink.write('# Nothing to add: the cluster already has every object ktm would write.\n');
    return;
  }
  result.objects.forEach((g, i) => sink.write(i === 0 ? objectYaml(g) : `---\n${objectYaml(g)}`));
}

export function renderHardenStream(result: HardenResult): string {
  return collectText((sink) => writeHardenStream(result, sink));
}

/** A file of `--output DIR`: its name, and its text written piece by piece (an object or a step at a time). */
export interface HardenFile {
  name: string;
  write(sink: TextSink): void;
}

/**
 * One file per concern (`10-network-policies.yaml`, …) and MANUAL.md, each written object by object: at 10,000
 * namespaces the NetworkPolicies alone are tens of megabytes, never held as one string.
 */
export function hardenFiles(result: HardenResult): HardenFile[] {
  const files: HardenFile[] = [];
  const byConcern = groupBy(result.objects, (g) => g.concern);
  CONCERNS.forEach((concern: Concern, i) => {
    const objs = byConcern.get(concern);
    if (!objs) return;
    files.push({
      name: `${String((i + 1) * 10).padStart(2, '0')}-${concern}.yaml`,
      write: (sink) => objs.forEach((g, k) => sink.write(k === 0 ? objectYaml(g) : `---\n${objectYaml(g)}`)),
    });
  });
  if (result.manual.length) {
    files.push({
      name: 'MANUAL.md',
      write: (sink) => {
        sink.write('# Steps ktm cannot express as manifests\n\n');
        result.manual.forEach((m, k) => sink.write(`${k === 0 ? '' : '\n'}- **${m.fixes.join(', ') || 'note'}** — ${m.text}${objectsOf(m, true)}`));
        sink.write('\n');
      },
    });
  }
  return files;
}

/** The files of hardenFiles as whole texts (tests, small outputs). */
export function renderHardenFiles(result: HardenResult): Map<string, string> {
  return new Map(hardenFiles(result).map((f) => [f.name, collectText((sink) => f.write(sink))]));
}
