import type { Resource } from '../../k8s/types.js';
import { isAffected, loadAdvisories, parseRelease } from '../advisories.js';
import { labelPath } from '../evidence.js';
import type { Check, Evidence } from '../types.js';

const VERSION_LABELS = ['app.kubernetes.io/version', 'serving.knative.dev/release', 'eventing.knative.dev/release', 'networking.knative.dev/release'];

/** The component family of a deployment: `app.kubernetes.io/name`, else guessed from the release label. */
function componentOf(r: Resource): string | undefined {
  const l = r.obj.metadata.labels ?? {};
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
        const k = `${adv.id}|${component}|${raw}`;
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
    for (const [component, versions] of unknown) {
      ctx.note(`KTM-VER-001: ${component} version "${[...versions].sort().join('", "')}" is not a release number (e.g. devel): advisories could not be checked`);
    }
    return out;
  },
};
