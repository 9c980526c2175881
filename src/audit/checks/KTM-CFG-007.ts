import { configRef } from '../evidence.js';
import type { Check } from '../types.js';

export const check: Check = {
  id: 'KTM-CFG-007',
  title: 'Tag header based routing enabled',
  severity: 'low',
  tenancy: ['cluster', 'namespace', 'control-plane'],
  appliesTo: { users: 'untrusted' },
  clauseRule: 'shared-component-filtering',
  clauseFallback: ['tenancy-hardening'],
  crosswalk: { none: 'Knative-specific: tag-header routing is a Knative config-features flag, which no Kubernetes benchmark or scanner reads' },
  description:
    'With `tag-header-based-routing` any caller picks a tagged revision with the `Knative-Serving-Tag` header, ' +
    'including revisions tagged for testing that were never meant to be public.',
  fix: 'Set `tag-header-based-routing: "disabled"` in config-features, or strip the Knative-Serving-Tag header at the edge.',
  evaluate(ctx) {
    const k = ctx.knative;
    if (!k.serving.installed) return [];
    const v = k.feature('tag-header-based-routing');
    if (v.value === 'disabled') return [];
    return [
      {
        resource: configRef(v, k.serving.namespace, 'config-features'),
        path: v.path,
        message: `tag-header-based-routing: "${v.raw}": any caller can select a tagged revision with the Knative-Serving-Tag header`,
      },
    ];
  },
};
