import type { Resource } from '../../k8s/types.js';
import { isAffected, loadAdvisories, parseRelease } from '../advisories.js';
import { labelPath } from '../evidence.js';
import type { Check, Evidence } from '../types.js';

const VERSION_LABELS = ['app.kubernetes.io/version', 'serving.knative.dev/release', 'eventing.knative.dev/release', 'networking.knative.dev/release'];

/**
 * The component family of a deployment. The networking plugins are released on their own (net-kourier, net-istio, …)
 * but label their deployments `app.kubernetes.io/name: knative-serving` with their own version in
 * `app.kubernetes.io/version`, so `app.kubernetes.io/component: net-*` (or the ingress-provider label) names the family
 * first; then `app.kubernetes.io/name`, else a guess from the release label.
 */
function componentOf(r: Resource): string | undefined {
  const l = r.obj.metadata.labels ?? {};
  const component = l['app.kubernetes.io/component'];
  if (component?.startsWith('net-')) return component;
  if (l['networking.knative.dev/ingress-provider']) return `net-${l['networking.knative.dev/ingress-provider']}`;
  if (l['app.kubernetes.io/name']) return l['app.kubernetes.io/name'];
  if (l['serving.knative.dev/release']) return 'knative-serving';
  if (l['eventing.knative.dev/release']) return 'knative-eventing';
  return undefined;
}

export const check: Check = {
  id: 'KTM-VER-001',
  title: 'Knative component affected by a known advisory',
  severity: 'moderate',
  tenancy: ['cluster', 'namespace', 'control-plane'],
  clauseRule: 'purpose-triage',
  clauseFallback: ['platform-trusted'],
  crosswalk: [
    { framework: 'kubescape', id: 'C-0273', relation: 'related' },
    { framework: 'nsa-cisa', id: 'upgrading', relation: 'related' },
  ],
  description:
    'Versions are read from the `app.kubernetes.io/version` (or `*.knative.dev/release`) labels of Knative deployments ' +
    'and compared with the advisories data file (src/audit/advisories.yaml). `devel` and nightly tags are unknown: no ' +
    'finding, but the report notes it.',
  fix: 'Upgrade the component to a release that contains the fix.',
  evaluate(ctx) {
    const advisories = loadAdvisories();
    const families = new Set(advisories.map((a) => a.component));
    const out: Evidence[] = [];
    const seen = new Set<string>();
    const unknown = new Map<string, Set<string>>();
    for (const d of ctx.inventory.byKind('Deployment')) {
      const component = componentOf(d);
      if (!component || !families.has(component)) continue;
      const labels = d.obj.metadata.labels ?? {};
      const key = VERSION_LABELS.find((k) => labels[k]);
      if (!key) continue;
      const raw = labels[key];
      const version = parseRelease(raw);
      if (!version) {
        const set = unknown.get(component) ?? new Set<string>();
        unknown.set(component, set.add(raw));
        continue;
      }
      for (const adv of advisories) {
        if (adv.component !== component || !isAffected(version, adv)) continue;
        const k = `${adv.id}|${component}|${version.join('.')}`;
        if (seen.has(k)) continue; // one finding per component version, on its first deployment
        seen.add(k);
        out.push({
          resource: d,
          path: labelPath(key),
          message: `${component} ${raw} is affected by ${adv.id}${adv.ghsa ? ` (${adv.ghsa})` : ''}: ${adv.summary} Fixed in ${adv.fixed.join(', ')}.`,
          severity: adv.severity,
          fix: `Upgrade ${component} to ${adv.fixed.find((f) => parseRelease(f)![1] === version[1]) ?? adv.fixed[adv.fixed.length - 1]} or later.`,
        });
      }
    }
    // Installed by the Operator: KnativeServing/KnativeEventing `status.version` (what it installed), else `spec.version`.
    for (const [kind, component] of [['KnativeServing', 'knative-serving'], ['KnativeEventing', 'knative-eventing']] as const) {
      if (!families.has(component)) continue;
      for (const cr of ctx.inventory.byKind(kind).filter((r) => r.groupKind === `${kind}.operator.knative.dev`)) {
        const status = typeof cr.obj.status?.version === 'string' ? cr.obj.status.version : undefined;
        const spec = cr.obj.spec?.version === undefined ? undefined : String(cr.obj.spec.version);
        const raw = status ?? spec;
        const path = status ? 'status.version' : 'spec.version';
        if (!raw) {
          ctx.note(`KTM-VER-001: ${kind} ${cr.namespace}/${cr.name} names no version: the operator installs the newest release it ships, which the input does not show`);
          continue;
        }
        const version = parseRelease(raw);
        // `1.11` means the newest 1.11 patch the operator ships: unknown when that line has a fix.
        const minorOnly = /^v?\d+\.\d+$/.test(raw.trim());
        for (const adv of advisories) {
          if (!version || adv.component !== component) continue;
          const lineFixed = adv.fixed.some((f) => parseRelease(f)![0] === version[0] && parseRelease(f)![1] === version[1]);
          if (minorOnly && lineFixed) {
            ctx.note(`KTM-VER-001: ${kind} ${cr.namespace}/${cr.name} asks for ${component} ${raw} (newest patch the operator ships); ${adv.id} is fixed in ${adv.fixed.join(', ')}: check the patch release installed`);
            continue;
          }
          if (!isAffected(version, adv)) continue;
          const k = `${adv.id}|${component}|${version.join('.')}`;
          if (seen.has(k)) continue;
          seen.add(k);
          out.push({
            resource: cr,
            path,
            message: `${component} ${raw} (installed by the Knative Operator) is affected by ${adv.id}${adv.ghsa ? ` (${adv.ghsa})` : ''}: ${adv.summary} Fixed in ${adv.fixed.join(', ')}.`,
            severity: adv.severity,
            fix: `Set ${kind} spec.version to ${adv.fixed.find((f) => parseRelease(f)![1] === version[1]) ?? adv.fixed[adv.fixed.length - 1]} or later.`,
          });
        }
        if (!version) unknown.set(component, (unknown.get(component) ?? new Set<string>()).add(raw));
      }
    }
    for (const [component, versions] of unknown) {
      ctx.note(`KTM-VER-001: ${component} version "${[...versions].sort().join('", "')}" is not a release number (e.g. devel): advisories could not be checked`);
    }
    return out;
  },
};
