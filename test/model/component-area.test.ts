/**
 * Components are grouped by area (Serving, Networking, Eventing, Tooling, Kubernetes) from the model's own data: the
 * `area` of each component, or for a user's model without it, a derivation from kind and boundary.
 */
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/loader.js';
import { AREA_LABELS, componentArea } from '../../src/model/catalog.js';
import type { Component } from '../../src/model/schema.js';
import { triageQuestions } from '../../src/triage/questions.js';
import { questionFields } from '../../src/server/pages/reports.js';
import { EngineTriage } from '../../src/server/triage-adapter.js';

const models = [loadModel('knative-2021'), loadModel('knative-2025')];

describe('component areas', () => {
  it('every component a reporter can pick has an area in the built-in models', () => {
    for (const m of models) {
      for (const c of m.components) if (c.kind !== 'external') expect(c.area, `${m.metadata.id} ${c.id}`).toBeDefined();
      const area = (id: string) => componentArea(m.components.find((c) => c.id === id)!);
      expect([area('activator'), area('net-istio'), area('broker-ingress'), area('receive-adapter'), area('kn-cli'), area('kube-apiserver')]).toEqual([
        'serving', 'networking', 'eventing', 'eventing', 'tooling', 'platform',
      ]);
    }
  });

  it('a model without areas gets them from kind and boundary', () => {
    const c = (over: Partial<Component>): Component =>
      ({ id: 'x', name: 'X', kind: 'control-plane', boundary: 'knative-serving', namespace: 'knative-serving', shared: true, forwardsForCaller: false, ports: [], description: '', clauses: [], ...over }) as Component;
    expect(componentArea(c({}))).toBe('serving');
    expect(componentArea(c({ kind: 'gateway', boundary: 'ingress' }))).toBe('networking');
    expect(componentArea(c({ boundary: 'knative-eventing' }))).toBe('eventing');
    expect(componentArea(c({ kind: 'cli', namespace: undefined }))).toBe('tooling');
    expect(componentArea(c({ namespace: undefined, boundary: 'node-runtime' }))).toBe('platform');
    expect(componentArea(c({ area: 'eventing' }))).toBe('eventing');
  });

  it('the component question carries the groups, and the form lists them in area order with a filter box', () => {
    const q = triageQuestions(models).find((x) => x.field === 'spec.component')!;
    for (const ch of q.choices) expect(ch.group, ch.value).toBeDefined();
    expect(q.choices.find((ch) => ch.value === 'other')!.group).toBe('Other');
    const page = String(questionFields(new EngineTriage().questions().filter((x) => x.id === 'spec.component'), {}));
    const headings = [...page.matchAll(/<h3>([^<]+)<\/h3>/g)].map((m) => m[1]);
    expect(headings).toEqual([...Object.values(AREA_LABELS), 'Other']);
    expect(page).toContain('data-filter-choices');
    expect(page.indexOf('value="activator"')).toBeGreaterThan(page.indexOf('<h3>Serving</h3>'));
    expect(page.indexOf('value="activator"')).toBeLessThan(page.indexOf('<h3>Networking</h3>'));
  });
});
