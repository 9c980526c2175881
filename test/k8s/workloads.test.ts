import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { objectsFromText, readSources, toResources } from '../../src/k8s/load.js';
import { buildInventory, NAMESPACE_NAME_LABEL } from '../../src/k8s/inventory.js';
import { podFieldPath } from '../../src/k8s/podtemplate.js';
import { InputError } from '../../src/util/errors.js';
import { FIXTURES } from './paths.js';
import type { Workload } from '../../src/k8s/types.js';

function inventoryOf(yaml: string) {
  return buildInventory(toResources(objectsFromText(yaml, 'test.yaml')));
}
const peer = (w: Workload) => `${w.namespace}/${w.name}[${w.kind}]`;

describe('workloads from Kubernetes kinds', () => {
  it('reads the pod template of every workload kind', () => {
    const inv = inventoryOf(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: d, namespace: n}
spec:
  template:
    metadata: {labels: {app: d}, annotations: {a: b}}
    spec:
      containers:
      - name: c
        ports: [{containerPort: 80, name: http}, {containerPort: 53, protocol: UDP}]
      initContainers:
      - {name: sidecar, restartPolicy: Always, ports: [{containerPort: 9000}]}
      - {name: init, ports: [{containerPort: 9001}]}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: cj, namespace: n}
spec: {jobTemplate: {spec: {template: {metadata: {labels: {app: cj}}, spec: {containers: [{name: c}]}}}}}
---
apiVersion: v1
kind: ReplicationController
metadata: {name: rc, namespace: n}
spec: {template: {metadata: {labels: {app: rc}}, spec: {containers: [{name: c}]}}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: ss, namespace: n}
spec: {template: {metadata: {labels: {app: ss}}, spec: {containers: [{name: c}]}}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ds, namespace: n}
spec: {template: {metadata: {labels: {app: ds}}, spec: {containers: [{name: c}]}}}
---
apiVersion: batch/v1
kind: Job
metadata: {name: j, namespace: n}
spec: {template: {metadata: {labels: {app: j}}, spec: {containers: [{name: c}]}}}
---
apiVersion: v1
kind: Pod
metadata: {name: p, labels: {app: p, version: 2}}
spec: {containers: [{name: c, ports: [{containerPort: 8080, protocol: SCTP}]}]}
`);
    expect(inv.workloads.map(peer)).toEqual([
      'n/d[Deployment]',
      'n/cj[CronJob]',
      'n/rc[ReplicationController]',
      'n/ss[StatefulSet]',
      'n/ds[DaemonSet]',
      'n/j[Job]',
      'default/p[Pod]',
    ]);
    const [d, cj, , , , , p] = inv.workloads;
    expect(d.podLabels).toEqual({ app: 'd' });
    expect(d.podAnnotations).toEqual({ a: 'b' });
    expect(d.templatePath).toBe('spec.template');
    expect(d.ports).toEqual([
      { name: 'http', containerPort: 80, protocol: 'TCP' },
      { containerPort: 53, protocol: 'UDP' },
      { containerPort: 9000, protocol: 'TCP' },
    ]);
    expect(cj.templatePath).toBe('spec.jobTemplate.spec.template');
    expect(cj.podLabels).toEqual({ app: 'cj' });
    expect(p.templatePath).toBe('');
    expect(podFieldPath(p, 'spec.containers[0]')).toBe('spec.containers[0]');
    expect(podFieldPath(d, 'spec.containers[0]')).toBe('spec.template.spec.containers[0]');
    expect(p.podLabels).toEqual({ app: 'p', version: '2' });
    expect(p.ports).toEqual([{ containerPort: 8080, protocol: 'SCTP' }]);
  });

  it('collapses pods into an owner that is not in the input, named as netpol-analyzer does', () => {
    const inv = inventoryOf(`
apiVersion: v1
kind: Pod
metadata:
  name: web-7d77fb55cc-abcde
  namespace: a
  labels: {app: web}
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-7d77fb55cc, controller: true}]
spec: {containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata:
  name: web-7d77fb55cc-fghij
  namespace: a
  labels: {app: web}
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-7d77fb55cc, controller: true}]
spec: {containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata:
  name: pod-1
  labels: {app: one}
  ownerReferences: [{name: internal-security, controller: true}]
spec: {containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata:
  name: pod-2
  labels: {app: two}
  ownerReferences: [{name: internal-security, controller: true}]
spec: {containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver-node1
  namespace: kube-system
  ownerReferences: [{apiVersion: v1, kind: Node, name: node1, controller: true}]
spec: {containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata:
  name: not-controlled
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: rs}]
spec: {containers: [{name: c}]}
`);
    expect(inv.workloads.map(peer)).toEqual([
      'a/web-7d77fb55cc[ReplicaSet]',
      'default/internal-security[Pod]',
      'kube-system/kube-apiserver-node1[Pod]',
      'default/not-controlled[Pod]',
    ]);
    const [web, sec] = inv.workloads;
    expect(web.members?.map((m) => m.name)).toEqual(['web-7d77fb55cc-fghij']);
    expect(web.labelVariants).toBeUndefined();
    expect(sec.podLabels).toEqual({ app: 'one' });
    expect(sec.labelVariants?.map((v) => [v.pod.name, v.labels])).toEqual([['pod-2', { app: 'two' }]]);
    expect(inv.notes?.join('\n')).toMatch(/internal-security: its pods have different labels; the labels of pod-1 are used \(others: pod-2\)/);
  });

  it('uses the owner in the input, up the chain, and does not count its pods twice', () => {
    const inv = inventoryOf(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: a}
spec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c}]}}}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web-5f
  namespace: a
  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, controller: true}]
spec: {template: {metadata: {labels: {app: web, pod-template-hash: 5f}}, spec: {containers: [{name: c}]}}}
---
apiVersion: v1
kind: Pod
metadata:
  name: web-5f-x
  namespace: a
  labels: {app: web, pod-template-hash: 5f}
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-5f, controller: true}]
spec: {containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata:
  name: calico-node-abc
  namespace: kube-system
  labels: {k8s-app: calico-node}
  ownerReferences: [{apiVersion: extensions/v1beta1, kind: DaemonSet, name: calico-node, controller: true}]
spec: {containers: [{name: c}]}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: calico-node, namespace: kube-system}
spec: {template: {metadata: {labels: {k8s-app: calico-node, from: template}}, spec: {containers: [{name: c}]}}}
`);
    expect(inv.workloads.map(peer)).toEqual(['a/web[Deployment]', 'kube-system/calico-node[DaemonSet]']);
    expect(inv.workloads[0].members?.map((m) => m.name)).toEqual(['web-5f', 'web-5f-x']);
    expect(inv.workloads[1].podLabels).toEqual({ 'k8s-app': 'calico-node', from: 'template' });
  });

  it('reports a duplicate object and keeps the later one, as kubectl apply would', () => {
    const inv = inventoryOf(`
apiVersion: v1
kind: Pod
metadata: {name: p, labels: {v: "1"}}
spec: {containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata: {name: p, labels: {v: "2"}}
spec: {containers: [{name: c}]}
`);
    expect(inv.workloads).toHaveLength(1);
    expect(inv.workloads[0].podLabels).toEqual({ v: '2' });
    expect(inv.notes).toEqual(['duplicate Pod default/p at test.yaml:2: replaced by the one at test.yaml:7']);
  });

  it('refuses ports the API server would refuse, naming the object and field', () => {
    const bad = (port: string) => {
      try {
        inventoryOf(`apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, ports: [${port}]}]}\n`);
      } catch (e) {
        if (e instanceof InputError) return e;
        throw e;
      }
      throw new Error('expected an InputError');
    };
    expect(bad('{containerPort: 70000}').format()).toBe(
      'test.yaml:1:1: Pod default/p: containerPort must be an integer 1-65535, found 70000 (at spec.containers[0].ports[0].containerPort)',
    );
    expect(bad('{containerPort: 80, protocol: HTTP}').message).toMatch(/protocol must be TCP, UDP or SCTP/);
  });
});

describe('namespaces', () => {
  it('adds referred-to namespaces and the metadata.name label', () => {
    const inv = inventoryOf(`
apiVersion: v1
kind: Namespace
metadata: {name: b, labels: {team: x}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: c, namespace: a}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: d}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: r}
`);
    expect([...inv.namespaces.keys()]).toEqual(['a', 'b', 'default']);
    expect(inv.namespaces.get('b')).toMatchObject({ defined: true, labels: { team: 'x', [NAMESPACE_NAME_LABEL]: 'b' } });
    expect(inv.namespaces.get('a')).toMatchObject({ defined: false, labels: { [NAMESPACE_NAME_LABEL]: 'a' } });
  });

  it('byKind and find take plain and group-qualified kinds', () => {
    const inv = inventoryOf(`
apiVersion: serving.knative.dev/v1
kind: Service
metadata: {name: s, namespace: a}
spec: {template: {spec: {containers: [{image: x}]}}}
---
apiVersion: v1
kind: Service
metadata: {name: s, namespace: a}
`);
    expect(inv.byKind('Service')).toHaveLength(2);
    expect(inv.byKind('Service.serving.knative.dev')).toHaveLength(1);
    expect(inv.find('Service', 'a', 's')?.groupKind).toBe('Service');
    expect(inv.find('Service.serving.knative.dev', 'a', 's')?.groupKind).toBe('Service.serving.knative.dev');
    expect(inv.find('ConfigMap', 'a', 's')).toBeUndefined();
    expect(inv.byKind('Nothing')).toEqual([]);
  });
});

describe('netpol conformance corpus: workload peers', () => {
  const root = join(FIXTURES, 'netpol');
  const index = JSON.parse(readFileSync(join(root, 'index.json'), 'utf8')) as {
    scenarios: Array<{ name: string; inputs: string[] }>;
  };
  it.each(index.scenarios.map((s) => [s.name, s.inputs] as const))('%s: the peers of expected.txt', (name, inputs) => {
    const inv = buildInventory(readSources(inputs.map((f) => join(root, 'public', name, f))));
    const expected = new Set<string>();
    for (const line of readFileSync(join(root, 'public', name, 'expected.txt'), 'utf8').split('\n')) {
      const m = /^(.*) => (.*) : /.exec(line.trim());
      if (!m) continue;
      for (const p of [m[1], m[2]]) if (!p.endsWith('[External]')) expected.add(p);
    }
    const peers = inv.workloads.map(peer);
    expect(new Set(peers).size).toBe(peers.length);
    expect(new Set(peers)).toEqual(expected);
  });
});
