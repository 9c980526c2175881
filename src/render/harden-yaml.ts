/**
 * Renders hardening output as YAML: one stream (objects separated by `---`, each preceded by a comment saying what it
 * fixes and why), or one file per concern plus MANUAL.md for what manifests cannot do.
 */
import { stringify } from 'yaml';
import type { HardenResult } from '../harden/index.js';
import { collectText, type TextSink } from './text-sink.js';
import { fastYamlOf } from './fast-yaml.js';
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

/** One file per concern (`10-network-policies.yaml`, …) and MANUAL.md. */
export function renderHardenFiles(result: HardenResult): Map<string, string> {
  const files = new Map<string, string>();
  CONCERNS.forEach((concern: Concern, i) => {
    const objs = result.objects.filter((g) => g.concern === concern);
    if (objs.length) files.set(`${String((i + 1) * 10).padStart(2, '0')}-${concern}.yaml`, objs.map(objectYaml).join('---\n'));
  });
  if (result.manual.length) {
    files.set(
      'MANUAL.md',
      `# Steps ktm cannot express as manifests\n\n${result.manual.map((m) => `- **${m.fixes.join(', ') || 'note'}** — ${m.text}${objectsOf(m, true)}`).join('\n')}\n`,
    );
  }
  return files;
}
