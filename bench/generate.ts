/**
 * Synthetic multi-tenant Knative clusters for the benchmark (and for scale tests).
 *
 * N tenant namespaces labelled team / env / tier with realistic diversity; workloads as Deployments and
 * Knative Services (with named ports); per namespace three NetworkPolicies: a default-deny, an allow
 * from the gateway and knative-serving namespaces, and an app-specific policy with matchExpressions and
 * named ports (some namespaces also allow their team's namespaces or the monitoring namespace). Plus the
 * stock Knative system namespaces (activator, autoscaler, controller, webhook, Kourier gateway, broker
 * ingress/filter) and a monitoring namespace. Deterministic for a given seed.
 */
import type { K8sObject } from '../src/k8s/types.js';

export interface GenerateOptions {
  namespaces: number;
  /** Total tenant workloads (pod templates); spread over the namespaces. */
  pods: number;
  seed?: number;
}

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEAMS = Array.from({ length: 60 }, (_, i) => `team-${i.toString(36)}`);
const ENVS = ['prod', 'staging', 'dev', 'test'];
const TIERS = ['gold', 'silver', 'bronze'];
const ROLES = ['frontend', 'backend', 'worker', 'cache', 'db', 'api'];

function ns(name: string, labels: Record<string, string>): K8sObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } } };
}

function deployment(namespace: string, name: string, labels: Record<string, string>, ports: any[]): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: labels.app } },
      template: { metadata: { labels }, spec: { containers: [{ name: 'main', image: `registry.example/${name}:1.0`, ports }] } },
    },
  };
}

function ksvc(namespace: string, name: string, labels: Record<string, string>): K8sObject {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name, namespace, labels },
    spec: {
      template: {
        metadata: { labels },
        spec: { containers: [{ image: `registry.example/${name}:1.0`, ports: [{ name: 'http1', containerPort: 8080 }] }] },
      },
    },
  };
}

function np(namespace: string, name: string, spec: any): K8sObject {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
}

/** The stock Knative system workloads (as in the upstream install manifests) and a monitoring namespace. */
function systemObjects(): K8sObject[] {
  const out: K8sObject[] = [
    ns('knative-serving', { 'app.kubernetes.io/name': 'knative-serving' }),
    ns('kourier-system', {}),
    ns('knative-eventing', { 'app.kubernetes.io/name': 'knative-eventing' }),
    ns('monitoring', { purpose: 'monitoring' }),
  ];
  const p = (name: string, port: number) => ({ name, containerPort: port });
  out.push(deployment('knative-serving', 'activator', { app: 'activator', role: 'activator' }, [p('http1', 8012), p('h2c', 8013), p('metrics', 9090), p('profiling', 8008)]));
  out.push(deployment('knative-serving', 'autoscaler', { app: 'autoscaler' }, [p('websocket', 8080), p('metrics', 9090), p('profiling', 8008)]));
  out.push(deployment('knative-serving', 'controller', { app: 'controller' }, [p('metrics', 9090), p('profiling', 8008)]));
  out.push(deployment('knative-serving', 'webhook', { app: 'webhook', role: 'webhook' }, [p('https-webhook', 8443), p('metrics', 9090)]));
  out.push(deployment('kourier-system', '3scale-kourier-gateway', { app: '3scale-kourier-gateway' }, [p('http2-external', 8080), p('http2-internal', 8081)]));
  out.push(deployment('knative-eventing', 'mt-broker-ingress', { 'eventing.knative.dev/brokerRole': 'ingress' }, []));
  out.push(deployment('knative-eventing', 'mt-broker-filter', { 'eventing.knative.dev/brokerRole': 'filter' }, []));
  out.push(deployment('monitoring', 'prometheus', { app: 'prometheus' }, [p('web', 9090)]));
  return out;
}

/** Generates the objects of one synthetic cluster. */
export function generateCluster(opts: GenerateOptions): K8sObject[] {
  const rand = rng(opts.seed ?? 42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const out = systemObjects();
  const perNs = opts.pods / opts.namespaces;
  let made = 0;
  for (let i = 0; i < opts.namespaces; i++) {
    const name = `tenant-${i.toString().padStart(5, '0')}`;
    const team = pick(TEAMS);
    out.push(ns(name, { team, env: pick(ENVS), tier: pick(TIERS), tenant: 'true' }));
    // Spread workloads so the total is exact.
    const count = Math.round((i + 1) * perNs) - made;
    made += count;
    for (let j = 0; j < count; j++) {
      const role = ROLES[j % ROLES.length];
      const labels = { app: `${role}-${j}`, role, version: pick(['v1', 'v2']) };
      if (j % 3 === 2) out.push(ksvc(name, `${role}-fn-${j}`, labels));
      else {
        const ports = [
          { name: 'http', containerPort: pick([8080, 8000, 3000]) },
          { name: 'metrics', containerPort: 9090 },
          ...(role === 'db' ? [{ name: 'sql', containerPort: 5432 }] : []),
        ];
        out.push(deployment(name, `${role}-${j}`, labels, ports));
      }
    }
    // Three policies per namespace: default deny, allow from the shared data plane, one app-specific.
    out.push(
      np(name, 'default-deny', { podSelector: {}, policyTypes: ['Ingress'] }),
      np(name, 'allow-knative-data-plane', {
        podSelector: {},
        ingress: [
          {
            from: [
              { namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['knative-serving', 'kourier-system'] }] } },
            ],
          },
        ],
      }),
    );
    const r = rand();
    if (r < 0.6) {
      out.push(
        np(name, 'backend-from-frontend', {
          podSelector: { matchExpressions: [{ key: 'role', operator: 'In', values: ['backend', 'db', 'api'] }] },
          ingress: [
            {
              from: [{ podSelector: { matchExpressions: [{ key: 'role', operator: 'In', values: ['frontend', 'worker'] }] } }],
              ports: [{ port: 'http' }, { port: 'sql' }],
            },
          ],
        }),
      );
    } else if (r < 0.8) {
      out.push(
        np(name, 'allow-team', {
          podSelector: { matchLabels: { role: 'api' } },
          ingress: [{ from: [{ namespaceSelector: { matchLabels: { team } }, podSelector: { matchLabels: { role: 'frontend' } } }], ports: [{ port: 'http' }] }],
        }),
      );
    } else {
      out.push(
        np(name, 'allow-monitoring', {
          podSelector: {},
          ingress: [{ from: [{ namespaceSelector: { matchLabels: { purpose: 'monitoring' } } }], ports: [{ port: 'metrics' }] }],
        }),
      );
    }
  }
  return out;
}

/** Counts of what a generated cluster holds. */
export function describeCluster(objs: K8sObject[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of objs) counts[o.kind] = (counts[o.kind] ?? 0) + 1;
  return counts;
}
