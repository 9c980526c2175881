import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { objectsFromText, readSources, toResources } from '../../src/k8s/load.js';
import { buildInventory } from '../../src/k8s/inventory.js';
import { childName, QUEUE_PROXY_PORTS } from '../../src/k8s/knative.js';
import { FIXTURES } from './paths.js';

function inventoryOf(yaml: string) {
  return buildInventory(toResources(objectsFromText(yaml, 'kn.yaml')));
}

const KSVC = `
apiVersion: serving.knative.dev/v1
kind: Service
metadata: {name: hello, namespace: tenant-a}
spec:
  template:
    metadata:
      labels: {team: blue}
      annotations: {autoscaling.knative.dev/min-scale: "1"}
    spec:
      containers:
      - image: ghcr.io/x/hello
`;

const queuePorts = [
  { name: 'http-queueadm', containerPort: 8022, protocol: 'TCP' },
  { name: 'http-autometric', containerPort: 9090, protocol: 'TCP' },
  { name: 'http-usermetric', containerPort: 9091, protocol: 'TCP' },
  { name: 'queue-port', containerPort: 8012, protocol: 'TCP' },
  { name: 'https-port', containerPort: 8112, protocol: 'TCP' },
];

describe('Knative workloads', () => {
  it('a Service alone stands for its first revision, with Knative labels and ports', () => {
    const inv = inventoryOf(KSVC);
    expect(inv.workloads).toHaveLength(1);
    const w = inv.workloads[0];
    expect([w.kind, w.namespace, w.name, w.templatePath]).toEqual(['Service', 'tenant-a', 'hello', 'spec.template']);
    expect(w.podLabels).toEqual({
      team: 'blue',
      'serving.knative.dev/configuration': 'hello',
      'serving.knative.dev/service': 'hello',
      'serving.knative.dev/configurationGeneration': '1',
      'serving.knative.dev/revision': 'hello-00001',
      app: 'hello-00001',
    });
    expect(w.knative).toEqual({ service: 'hello', configuration: 'hello', revision: 'hello-00001' });
    expect(w.ports).toEqual([{ name: 'user-port', containerPort: 8080, protocol: 'TCP' }, ...queuePorts]);
    expect(w.podAnnotations).toEqual({ 'autoscaling.knative.dev/min-scale': '1' });
    expect(w.podSpec.containers[0].image).toBe('ghcr.io/x/hello');
  });

  it('honours a named template, the user port, h2c, and an app label set by the user', () => {
    const inv = inventoryOf(`
apiVersion: serving.knative.dev/v1
kind: Configuration
metadata: {name: grpc, namespace: t, generation: 3}
spec:
  template:
    metadata: {name: grpc-v7, labels: {app: mine}}
    spec:
      containers:
      - image: x
        ports: [{name: h2c, containerPort: 50051}]
`);
    const w = inv.workloads[0];
    expect([w.kind, w.name]).toEqual(['Configuration', 'grpc']);
    expect(w.podLabels).toEqual({
      app: 'mine',
      'serving.knative.dev/configuration': 'grpc',
      'serving.knative.dev/service': '',
      'serving.knative.dev/configurationGeneration': '3',
      'serving.knative.dev/revision': 'grpc-v7',
    });
    expect(w.ports[0]).toEqual({ name: 'user-port', containerPort: 50051, protocol: 'TCP' });
    expect(w.ports.find((p) => p.name === 'queue-port')?.containerPort).toBe(8013);
  });

  it('does not double count: Service → Configuration → Revisions, revisions are the unit', () => {
    const inv = inventoryOf(`${KSVC}
---
apiVersion: serving.knative.dev/v1
kind: Configuration
metadata:
  name: hello
  namespace: tenant-a
  generation: 2
  labels: {serving.knative.dev/service: hello}
  ownerReferences: [{apiVersion: serving.knative.dev/v1, kind: Service, name: hello, controller: true}]
spec: {template: {spec: {containers: [{image: x}]}}}
---
apiVersion: serving.knative.dev/v1
kind: Revision
metadata:
  name: hello-00001
  namespace: tenant-a
  uid: 1111
  labels:
    serving.knative.dev/configuration: hello
    serving.knative.dev/service: hello
    serving.knative.dev/configurationGeneration: "1"
    serving.knative.dev/routingState: reserve
  ownerReferences: [{apiVersion: serving.knative.dev/v1, kind: Configuration, name: hello, controller: true}]
spec: {containers: [{image: x}]}
---
apiVersion: serving.knative.dev/v1
kind: Revision
metadata:
  name: hello-00002
  namespace: tenant-a
  labels:
    serving.knative.dev/configuration: hello
    serving.knative.dev/service: hello
    serving.knative.dev/route: hello
  ownerReferences: [{apiVersion: serving.knative.dev/v1, kind: Configuration, name: hello, controller: true}]
spec: {containers: [{image: x}]}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello-00002-deployment
  namespace: tenant-a
  ownerReferences: [{apiVersion: serving.knative.dev/v1, kind: Revision, name: hello-00002, controller: true}]
spec: {template: {metadata: {labels: {serving.knative.dev/revision: hello-00002}}, spec: {containers: [{image: x}]}}}
`);
    expect(inv.workloads.map((w) => `${w.kind}/${w.name}`)).toEqual(['Revision/hello-00001', 'Revision/hello-00002']);
    const [r1, r2] = inv.workloads;
    expect(r1.templatePath).toBe('');
    expect(r1.podLabels).toEqual({
      'serving.knative.dev/configuration': 'hello',
      'serving.knative.dev/service': 'hello',
      'serving.knative.dev/configurationGeneration': '1',
      'serving.knative.dev/revision': 'hello-00001',
      'serving.knative.dev/revisionUID': '1111',
      app: 'hello-00001',
    });
    expect(r2.podLabels['serving.knative.dev/route']).toBeUndefined();
    expect(r2.members?.map((m) => `${m.kind}/${m.name}`).sort()).toEqual([
      'Configuration/hello',
      'Deployment/hello-00002-deployment',
      'Service/hello',
    ]);
  });

  it('declares the profiling port when config-observability enables it', () => {
    const inv = inventoryOf(`${KSVC}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: config-observability, namespace: knative-serving}
data: {runtime-profiling: enabled}
`);
    expect(inv.workloads[0].ports.find((p) => p.containerPort === 8008)).toEqual({ name: 'profiling-port', containerPort: 8008, protocol: 'TCP' });
  });

  it('lists every queue-proxy port', () => {
    expect(QUEUE_PROXY_PORTS.map((p) => p.containerPort).sort()).toEqual([8008, 8012, 8013, 8022, 8112, 9090, 9091]);
  });

  it('names long revisions like kmeta.ChildName', () => {
    expect(childName('short', '-00001')).toBe('short-00001');
    const long = 'a'.repeat(60);
    const name = childName(long, '-00001');
    expect(name).toHaveLength(63);
    expect(name.startsWith('a'.repeat(25))).toBe(true);
    expect(name.endsWith('-00001')).toBe(true);
  });
});

describe('stock Knative manifests with tenants', () => {
  it('builds the system workloads and the tenants Knative Services', () => {
    const stock = readSources([join(FIXTURES, 'knative')]);
    const tenants = toResources(
      objectsFromText(
        ['tenant-a', 'tenant-b'].map((ns) => KSVC.replace('tenant-a', ns)).join('\n---\n'),
        'tenants.yaml',
      ),
    );
    const inv = buildInventory([...stock, ...tenants]);
    const names = inv.workloads.map((w) => `${w.namespace}/${w.name}[${w.kind}]`);
    for (const expected of [
      'knative-serving/activator[Deployment]',
      'knative-serving/autoscaler[Deployment]',
      'knative-serving/controller[Deployment]',
      'knative-serving/webhook[Deployment]',
      'kourier-system/3scale-kourier-gateway[Deployment]',
      'knative-eventing/request-reply[StatefulSet]',
      'tenant-a/hello[Service]',
      'tenant-b/hello[Service]',
    ]) {
      expect(names).toContain(expected);
    }
    const activator = inv.workloads.find((w) => w.name === 'activator')!;
    expect(activator.podLabels.app).toBe('activator');
    expect(activator.ports.map((p) => `${p.name}:${p.containerPort}`).sort()).toEqual(['h2c:8013', 'http1:8012', 'metrics:9090', 'profiling:8008']);
    expect(activator.resource.source.file).toBe(join(FIXTURES, 'knative', 'serving-core.yaml'));
    expect([...inv.namespaces.keys()]).toEqual(expect.arrayContaining(['knative-serving', 'knative-eventing', 'kourier-system', 'tenant-a', 'tenant-b']));
    expect(inv.namespaces.get('tenant-a')?.defined).toBe(false);
    // the stock config-observability ships runtime-profiling only inside _example
    expect(inv.workloads.find((w) => w.name === 'hello')!.ports.some((p) => p.containerPort === 8008)).toBe(false);
  });
});
