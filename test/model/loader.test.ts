/**
 * Loading model files and overlays: merge by id, remove, cycles, and links checked after merging — every problem
 * reported with the file, the position and the field path.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { loadModel } from '../../src/model/loader.js';
import { InputError } from '../../src/util/errors.js';
import { boundaryCrossings, clauseById, componentById, sharedComponents, tenancyStatus } from '../../src/model/catalog.js';

const dir = mkdtempSync(join(tmpdir(), 'ktm-model-'));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
function error(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

const header = (ext: string, id = 'mine') => `apiVersion: ktm/v1\nkind: ThreatModel\nextends: ${ext}\nmetadata:\n  id: ${id}\n`;

describe('overlays', () => {
  test('the example overlay makes namespaces tenants with hardening and untrusted developers', () => {
    const m = loadModel(resolve(REPO_ROOT, 'models/examples/untrusted-tenants.yaml'));
    expect(m.metadata.id).toBe('acme-untrusted-tenants');
    expect(m.metadata.status).toBe('custom');
    expect(m.trustProfile.developers).toBe('untrusted');
    expect(tenancyStatus(m, 'namespace')).toBe('supported-with-hardening');
    // Fields not written in the overlay keep the base's value.
    const ns = m.tenancy.find((t) => t.id === 'namespace')!;
    expect(ns.name).toBe('Namespace-as-a-service');
    expect(ns.clauses).toContain('tenancy.multi-tenant-not-vulnerability');
    expect(m.actors.find((a) => a.id === 'developer')!.name).toBe('Untrusted tenant developer');
    expect(m.clauses.length).toBe(loadModel('knative-2021').clauses.length);
  });

  test('lists merge by id: replace, append, remove', () => {
    const p = file(
      'merge.yaml',
      header('knative-2021') +
        `components:
  - id: my-gateway
    name: My gateway
    kind: gateway
    boundary: ingress
    shared: true
    description: an extra gateway
remove: [guard-service, queue-proxy-to-guard-service, security-guard-gate]
`,
    );
    const m = loadModel(p);
    expect(componentById(m, 'my-gateway')?.name).toBe('My gateway');
    expect(componentById(m, 'guard-service')).toBeUndefined();
    expect(m.dataFlows.some((f) => f.id === 'queue-proxy-to-guard-service')).toBe(false);
  });

  test('an overlay can extend another overlay by relative path', () => {
    file('base.yaml', header('knative-2025', 'base') + 'trustProfile: { developers: trusted, users: trusted }\n');
    const m = loadModel(file('child.yaml', header('./base.yaml', 'child')));
    expect(m.metadata.id).toBe('child');
    expect(m.trustProfile).toEqual({ developers: 'trusted', users: 'trusted' });
    expect(tenancyStatus(m, 'namespace')).toBe('supported');
  });

  test('an extends cycle is an error at the extends line', () => {
    file('a.yaml', header('./b.yaml', 'a'));
    const b = file('b.yaml', header('./a.yaml', 'b'));
    const e = error(() => loadModel(b));
    expect(e.message).toMatch(/cycle/);
    expect(e.position).toEqual({ line: 3, column: 10 });
    expect(e.fieldPath).toBe('extends');
  });

  test('a self-extending file is a cycle', () => {
    const p = file('self.yaml', header('./self.yaml', 'self'));
    expect(error(() => loadModel(p)).message).toMatch(/cycle/);
  });

  test('an unknown base is reported at the extends line', () => {
    const e = error(() => loadModel(file('nobase.yaml', header('knative-1999'))));
    expect(e.message).toMatch(/no such model/);
    expect(e.position?.line).toBe(3);
  });

  test('removing an unknown id is an error at that entry', () => {
    const e = error(() => loadModel(file('rm.yaml', header('knative-2021') + 'remove:\n  - activator\n  - no-such-thing\n')));
    expect(e.message).toMatch(/cannot remove "no-such-thing"/);
    expect(e.fieldPath).toBe('remove[1]');
    expect(e.position).toEqual({ line: 8, column: 5 });
  });

  test('removing a component other parts use breaks a link, reported with the path in the merged model', () => {
    const e = error(() => loadModel(file('rm2.yaml', header('knative-2021') + 'remove: [activator]\n')));
    expect(e.message).toMatch(/unknown component "activator"/);
    expect(e.fieldPath).toMatch(/^dataFlows\[\d+\]\.(from|to)$/);
  });

  test('a broken link inside the overlay points at the overlay line', () => {
    const e = error(() =>
      loadModel(
        file(
          'badref.yaml',
          header('knative-2021') + 'actors:\n  - id: x\n    name: X\n    privilege: none\n    trusted: false\n    description: d\n    clauses: [no.such.clause]\n',
        ),
      ),
    );
    expect(e.message).toMatch(/unknown clause "no.such.clause"/);
    expect(e.fieldPath).toBe('actors[0].clauses[0]');
    expect(e.position).toEqual({ line: 12, column: 15 });
  });
});

describe('full model files', () => {
  const base = loadModel('knative-2021');
  const write = (name: string, mutate: (m: any) => void) => {
    const m: any = structuredClone(base);
    mutate(m);
    return file(name, JSON.stringify(m, null, 2));
  };

  test('a JSON copy of a built-in loads', () => {
    expect(loadModel(write('copy.json', () => {})).clauses.length).toBe(base.clauses.length);
  });

  test.each([
    ['duplicate ids', (m: any) => m.clauses.push({ ...m.clauses[0], rule: undefined }), /duplicate id "purpose.triage"/, /^clauses\[\d+\]\.id$/],
    ['unknown boundary', (m: any) => (m.components[0].boundary = 'nowhere'), /unknown trust boundary "nowhere"/, /^components\[0\]\.boundary$/],
    ['unknown flow end', (m: any) => (m.dataFlows[0].to = 'ghost'), /unknown component "ghost"/, /^dataFlows\[0\]\.to$/],
    ['unknown hardening', (m: any) => m.tenancy[1].hardening.push('magic'), /unknown hardening "magic"/, /^tenancy\[1\]\.hardening\[3\]$/],
    ['missing tenancy model', (m: any) => m.tenancy.pop(), /tenancy model "control-plane" is not declared/, /^tenancy$/],
    ['two clauses with one rule', (m: any) => (m.clauses[1].rule = 'purpose-triage'), /already played by clause "purpose.triage"/, /^clauses\[1\]\.rule$/],
    ['boundary parent cycle', (m: any) => (m.trustBoundaries[2].parent = 'knative-serving'), /parent cycle/, /^trustBoundaries\[\d+\]\.parent$/],
  ])('%s is reported with its field path and position', (_name, mutate, message, path) => {
    const e = error(() => loadModel(write(`bad-${_name.replace(/\W/g, '-')}.json`, mutate)));
    expect(e.message).toMatch(message);
    expect(e.fieldPath).toMatch(path);
    expect(e.position?.line).toBeGreaterThan(0);
  });

  test('a wrong type names the field and its line', () => {
    const e = error(() => loadModel(write('type.json', (m) => (m.components[0].shared = 'yes'))));
    expect(e.format()).toMatch(/type\.json:\d+:\d+: invalid threat model: .*boolean.* \(at components\[0\]\.shared\)/);
  });
});

describe('catalog', () => {
  const m = loadModel('knative-2021');
  test('clause and component look-ups', () => {
    expect(clauseById(m, 'tenancy.supported')?.rule).toBe('tenancy-supported');
    expect(componentById(m, 'activator')?.selector).toEqual({ app: 'activator' });
  });
  test('shared components include the activator, autoscaler and gateways, not the queue-proxy', () => {
    const ids = sharedComponents(m).map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['activator', 'autoscaler', 'ingress-gateway', 'broker-ingress']));
    expect(ids).not.toContain('queue-proxy');
  });
  test('boundary crossings: gateway→activator crosses, queue-proxy→user container does not', () => {
    const ids = boundaryCrossings(m).map((x) => x.flow.id);
    expect(ids).toContain('gateway-to-activator');
    expect(ids).toContain('activator-to-queue-proxy');
    expect(ids).not.toContain('queue-proxy-to-user-container');
    for (const x of boundaryCrossings(m)) expect(x.fromBoundary).not.toBe(x.toBoundary);
  });
});
