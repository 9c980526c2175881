/**
 * What Knative pieces a cluster has, read from its objects; generators only emit what fits what is installed.
 */
import type { Inventory } from '../k8s/types.js';
import type { KnativeConfig } from '../k8s/knative-config.js';
import type { InstalledKnative } from './types.js';

export function detectInstalled(inv: Inventory, config: KnativeConfig): InstalledKnative {
  const deployments = inv.byKind('Deployment');
  const has = (ns: string, name: string) => deployments.some((d) => d.namespace === ns && d.name === name);
  const ingress: InstalledKnative['ingress'] = [];
  const kourier = deployments.find((d) => d.name === '3scale-kourier-gateway');
  if (kourier) {
    ingress.push({
      kind: 'kourier',
      namespace: kourier.namespace,
      gatewayLabels: kourier.obj.spec?.template?.metadata?.labels ?? { app: '3scale-kourier-gateway' },
    });
  }
  // net-istio's gateways select the Istio ingress gateway pods by `istio: ingressgateway` (net-istio.yaml).
  const netIstio = deployments.some((d) => d.name === 'net-istio-controller') || inv.byKind('Gateway').some((g) => g.name === 'knative-local-gateway');
  if (netIstio) ingress.push({ kind: 'istio', namespace: 'istio-system', gatewayLabels: { istio: 'ingressgateway' } });
  // Under the Operator the gateways are not in the manifests; the KnativeServing object says which ingress it installs
  // (spec.ingress.<kind>.enabled) — the Operator puts Kourier's gateway into the KnativeServing namespace.
  const cr = config.operator.serving;
  if (cr && ingress.length === 0) {
    const on = (k: string) => cr.obj.spec?.ingress?.[k]?.enabled === true;
    if (on('kourier')) ingress.push({ kind: 'kourier', namespace: cr.namespace, gatewayLabels: { app: '3scale-kourier-gateway' } });
    if (on('istio')) ingress.push({ kind: 'istio', namespace: 'istio-system', gatewayLabels: { istio: 'ingressgateway' } });
    if (on('contour')) ingress.push({ kind: 'contour', namespace: 'contour-internal', gatewayLabels: { app: 'envoy' } });
  }
  if (deployments.some((d) => d.name === 'contour' || d.name === 'net-contour-controller')) {
    ingress.push({ kind: 'contour', namespace: 'contour-external', gatewayLabels: { app: 'envoy' } });
  }
  return {
    serving: config.serving.installed,
    eventing: config.eventing.installed,
    brokerIngress: has(config.eventing.namespace, 'mt-broker-ingress'),
    ingress,
  };
}
