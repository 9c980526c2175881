import { configRef } from '../evidence.js';
import type { Check } from '../types.js';

export const check: Check = {
  id: 'KTM-CFG-004',
  title: 'Domain template without the namespace',
  severity: 'moderate',
  tenancy: ['namespace', 'control-plane'],
  clauseRule: 'namespace-isolation-goal',
  clauseFallback: ['tenancy-hardening'],
  crosswalk: { none: 'Knative-specific: the domain template is Knative\'s config-network setting, which no Kubernetes benchmark or scanner reads' },
  description:
    'A `domain-template` (config-network) without `{{.Namespace}}` gives services of the same name in different namespaces ' +
    'the same host name: one tenant can take over another\'s URL on the shared ingress (serving#3651).',
  fix: 'Keep `{{.Namespace}}` in domain-template, e.g. the default `{{.Name}}.{{.Namespace}}.{{.Domain}}`.',
  evaluate(ctx) {
    const k = ctx.knative;
    if (!k.serving.installed) return [];
    const v = k.network.domainTemplate();
    if (/\{\{-?\s*\.Namespace\s*-?\}\}/.test(v.value)) return [];
    return [
      {
        resource: configRef(v, k.serving.namespace, 'config-network'),
        path: v.path,
        message: `domain-template "${v.value}" does not contain {{.Namespace}}: services with the same name in different namespaces get the same host name`,
      },
    ];
  },
};
