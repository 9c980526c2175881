/**
 * Cluster inputs for tests: the stock Knative manifests read in place from ../shared/fixtures/knative, and
 * resources from YAML text through the real loader.
 */
import { join } from 'node:path';
import { objectsFromText, readSources, toResources } from '../../src/k8s/load.js';
import type { Resource } from '../../src/k8s/types.js';
import { FIXTURES } from './paths.js';

export const STOCK_FILES = ['serving-core.yaml', 'kourier.yaml', 'eventing-core.yaml', 'mt-channel-broker.yaml', 'in-memory-channel.yaml'].map((f) =>
  join(FIXTURES, 'knative', f),
);

let stockCache: Resource[] | undefined;
/** The stock manifests (read once per test file; callers must not mutate the objects). */
export function stockResources(): Resource[] {
  return (stockCache ??= readSources(STOCK_FILES));
}

/**
 * Two tenants for shared-hop tests: a caller (Deployment `frontend` in tenant-a) and a target (Knative Service `api`
 * in tenant-b), so every path tenant-a → tenant-b must go through a hop or straight to the revision.
 */
export const CALLER_AND_SERVICE_TENANTS = `
apiVersion: v1
kind: Namespace
metadata: {name: tenant-a}
---
apiVersion: v1
kind: Namespace
metadata: {name: tenant-b}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend, namespace: tenant-a}
spec:
  selector: {matchLabels: {app: frontend}}
  template:
    metadata: {labels: {app: frontend}}
    spec: {containers: [{name: web, image: web}]}
---
apiVersion: serving.knative.dev/v1
kind: Service
metadata: {name: api, namespace: tenant-b}
spec:
  template:
    spec: {containers: [{image: api}]}
`;

export function resourcesFromYaml(text: string, file = 'test.yaml'): Resource[] {
  return toResources(objectsFromText(text, file));
}

/** A plain tenant namespace with a Knative Service and a Deployment; nothing hardened. */
export function plainTenant(ns: string, extraLabels: Record<string, string> = {}): string {
  const labels = Object.entries({ team: ns, ...extraLabels })
    .map(([k, v]) => `    ${k}: "${v}"`)
    .join('\n');
  return `---
apiVersion: v1
kind: Namespace
metadata:
  name: ${ns}
  labels:
${labels}
---
apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: api
  namespace: ${ns}
spec:
  template:
    spec:
      containers:
        - image: registry.example.com/${ns}/api:1.0
          ports:
            - containerPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
  namespace: ${ns}
spec:
  selector:
    matchLabels: {app: worker}
  template:
    metadata:
      labels: {app: worker}
    spec:
      containers:
        - name: worker
          image: registry.example.com/${ns}/worker:1.0
`;
}
