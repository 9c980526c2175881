import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, symlinkSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSources, objectsFromText } from '../../src/k8s/load.js';
import { InputError } from '../../src/util/errors.js';
import { FIXTURES } from './paths.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ktm-load-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('readSources', () => {
  it('reads multi-document YAML with sources and namespace defaulting', () => {
    const f = write(
      'multi.yaml',
      [
        '# Source: chart/templates/a.yaml',
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata: {name: a}',
        '---',
        '# Source: chart/templates/empty.yaml',
        '---',
        'apiVersion: rbac.authorization.k8s.io/v1',
        'kind: ClusterRole',
        'metadata:',
        '  name: r',
        '  namespace: ignored',
        '---',
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: d, namespace: prod}',
        '---',
        '',
      ].join('\n'),
    );
    const rs = readSources([f]);
    expect(rs.map((r) => [r.groupKind, r.namespace, r.name, r.source.line])).toEqual([
      ['ConfigMap', 'default', 'a', 2],
      ['ClusterRole.rbac.authorization.k8s.io', undefined, 'r', 8],
      ['Deployment.apps', 'prod', 'd', 14],
    ]);
    expect(rs[0].source.file).toBe(f);
    expect(rs[0].obj.metadata.namespace).toBe('default');
  });

  it('flattens kind: List and typed lists, inferring item kinds, with item lines', () => {
    const f = write(
      'lists.yaml',
      [
        'apiVersion: v1',
        'kind: PodList',
        'metadata: {resourceVersion: "1"}',
        'items:',
        '- metadata: {name: p1, namespace: a}',
        '  spec: {containers: []}',
        '- metadata: {name: p2, namespace: a}',
        '---',
        'apiVersion: v1',
        'kind: List',
        'items:',
        '- apiVersion: v1',
        '  kind: NamespaceList',
        '  items:',
        '  - metadata: {name: a}',
        '- {apiVersion: v1, kind: Service, metadata: {name: s, namespace: a}}',
      ].join('\n'),
    );
    const rs = readSources([f]);
    expect(rs.map((r) => [r.kind, r.obj.apiVersion, r.namespace, r.name, r.source.line])).toEqual([
      ['Pod', 'v1', 'a', 'p1', 5],
      ['Pod', 'v1', 'a', 'p2', 7],
      ['Namespace', 'v1', undefined, 'a', 15],
      ['Service', 'v1', 'a', 's', 16],
    ]);
  });

  it('reads JSON lists (kubectl get -o json)', () => {
    const f = write(
      'dump.json',
      JSON.stringify(
        {
          apiVersion: 'v1',
          kind: 'List',
          items: [
            { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x', labels: { n: 1 } } },
            { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'np', namespace: 'x' }, spec: {} },
          ],
        },
        null,
        2,
      ),
    );
    const rs = readSources([f]);
    expect(rs.map((r) => [r.groupKind, r.namespace, r.source.line])).toEqual([
      ['Namespace', undefined, 5],
      ["NetworkPolicy.networking.k8s.io", "x", 15],
    ]);
    // label values become strings, as the API server stores them
    expect(rs[0].obj.metadata.labels).toEqual({ n: '1' });
  });

  it('reads JSON through the fast path with item lines, and falls back to YAML for JSON-like YAML', () => {
    const text = '{\r\n "kind": "List", "apiVersion": "v1",\n "metadata": {"note": "items [ { } ]"},\n "items": [\n  {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a", "labels": {"items": "x"}}},\n\n  {"apiVersion": "v1",\n   "kind": "Pod", "metadata": {"name": "b\\"}"}}\n ]\n}\n';
    const objs = objectsFromText(text, 'f.json');
    expect(objs.map((o) => [o.obj.metadata.name, o.source.line])).toEqual([
      ['a', 5],
      ['b"}', 7],
    ]);
    // flow-style YAML that is not JSON (unquoted keys) goes through the YAML parser
    expect(objectsFromText('{apiVersion: v1, kind: Pod, metadata: {name: y}}\n', 'y.yaml').map((o) => o.source.line)).toEqual([1]);
    // deep nesting is refused without recursing
    const e = inputError(() => objectsFromText('['.repeat(5000) + ']'.repeat(5000), 'deep.json'));
    expect(e.message).toMatch(/nesting deeper than/);
    expect(inputError(() => objectsFromText('{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","__proto__":{}}}', 'p.json')).message).toMatch(/__proto__/);
    // a JSON error gets a position from the YAML parser
    expect(inputError(() => objectsFromText('{"apiVersion": "v1",\n "kind": }', 'bad.json')).position?.line).toBe(2);
  });

  it('reads CRLF files', () => {
    const f = write('crlf.yaml', 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\n---\r\napiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: q\r\n');
    expect(readSources([f]).map((r) => [r.name, r.source.line])).toEqual([
      ['p', 1],
      ['q', 6],
    ]);
  });

  it('walks folders recursively, sorted, manifests only', () => {
    const root = join(dir, 'tree');
    write('tree/b/2.yml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b2}\n');
    write('tree/a.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
    write('tree/b/1.json', '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b1"}}');
    write('tree/notes.txt', 'not: a manifest\n');
    write('tree/c/README.md', '# nothing\n');
    symlinkSync(root, join(root, 'loop'));
    expect(readSources([root]).map((r) => r.name)).toEqual(['a', 'b1', 'b2']);
  });

  it('reads stdin through -', () => {
    process.env.KTM_STDIN_TEXT = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: from-stdin}\n';
    try {
      const rs = readSources(['-']);
      expect(rs.map((r) => [r.name, r.source.file, r.source.line])).toEqual([['from-stdin', '-', 1]]);
    } finally {
      delete process.env.KTM_STDIN_TEXT;
    }
  });

  it('uses CRDs in the input to scope their kinds', () => {
    const f = write(
      'crd.yaml',
      [
        'apiVersion: apiextensions.k8s.io/v1',
        'kind: CustomResourceDefinition',
        'metadata: {name: widgets.example.com}',
        'spec: {group: example.com, scope: Cluster, names: {kind: Widget, plural: widgets}}',
        '---',
        'apiVersion: example.com/v1',
        'kind: Widget',
        'metadata: {name: w}',
        '---',
        'apiVersion: example.com/v1',
        'kind: Gadget',
        'metadata: {name: g}',
      ].join('\n'),
    );
    const rs = readSources([f]);
    expect(rs.map((r) => [r.kind, r.namespace])).toEqual([
      ['CustomResourceDefinition', undefined],
      ['Widget', undefined],
      ['Gadget', 'default'],
    ]);
  });

  it('keeps cluster-scoped policy kinds without a namespace', () => {
    const f = write(
      'anp.yaml',
      'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: a}\n---\n' +
        'apiVersion: node.k8s.io/v1\nkind: RuntimeClass\nmetadata: {name: gvisor}\nhandler: runsc\n',
    );
    expect(readSources([f]).map((r) => r.namespace)).toEqual([undefined, undefined]);
  });

  describe('bad input', () => {
    it('bad YAML → file:line:col', () => {
      const f = write('bad.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n');
      const e = inputError(() => readSources([f]));
      expect(e.file).toBe(f);
      expect(e.position?.line).toBeGreaterThanOrEqual(4);
      expect(e.format()).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+: `));
    });

    it('an object without kind, apiVersion or name names the line', () => {
      let e = inputError(() => objectsFromText('apiVersion: v1\nkind: Pod\nmetadata: {name: ok}\n---\napiVersion: v1\nmetadata: {name: x}\n', 'm.yaml'));
      expect(e.format()).toMatch(/^m\.yaml:5:1: not a Kubernetes object: kind is missing/);
      e = inputError(() => objectsFromText('kind: Pod\nmetadata: {name: x}\n', 'm.yaml'));
      expect(e.message).toMatch(/apiVersion is missing/);
      e = inputError(() => objectsFromText('apiVersion: v1\nkind: Pod\nmetadata:\n  labels: {}\n', 'm.yaml'));
      expect(e.message).toBe('Pod has no metadata.name');
      expect(e.position?.line).toBe(4); // the metadata mapping
      e = inputError(() => objectsFromText('apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {}\n', 'l.yaml'));
      expect(e.position?.line).toBe(6);
    });

    it('a JSON array without kind is refused', () => {
      const f = write('expected.json', '[{"src": "a", "dst": "b", "conn": "All Connections"}]');
      const e = inputError(() => readSources([f]));
      expect(e.message).toMatch(/found a list without kind/);
      expect(e.position).toEqual({ line: 1, column: 1 });
    });

    it('a scalar document is refused', () => {
      expect(inputError(() => objectsFromText('just text\n', 's.yaml')).message).toMatch(/expected a Kubernetes object, found string/);
    });

    it('a missing path is an InputError', () => {
      expect(inputError(() => readSources([join(dir, 'nope.yaml')])).message).toBe('no such file or directory');
    });

    it('a mistyped namespace or labels is refused', () => {
      expect(inputError(() => objectsFromText('apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: [a]}\n', 'x.yaml')).message).toMatch(
        /metadata.labels must be a mapping/,
      );
    });
  });
});

describe('stock Knative manifests', () => {
  it('load: 231 objects in 8 files, each with its source', () => {
    const folder = join(FIXTURES, 'knative');
    const rs = readSources([folder]);
    expect(rs).toHaveLength(231);
    const files = new Set(rs.map((r) => r.source.file));
    expect(files.size).toBe(8);
    expect(readdirSync(folder).filter((f) => f.endsWith('.yaml'))).toHaveLength(8);
    for (const r of rs) {
      expect(r.source.line).toBeGreaterThan(0);
    }
    const activator = rs.find((r) => r.kind === 'Deployment' && r.name === 'activator')!;
    expect(activator.namespace).toBe('knative-serving');
    expect(activator.source.file).toBe(join(folder, 'serving-core.yaml'));
    const crds = rs.filter((r) => r.kind === 'CustomResourceDefinition');
    expect(crds).toHaveLength(30); // serving 12, eventing 17, in-memory-channel 1
    expect(crds.every((r) => r.namespace === undefined)).toBe(true);
  });
});
