/**
 * The fast YAML writer harden uses must write exactly what eemeli/yaml writes, or give up: random objects over an
 * alphabet full of YAML's special characters, numbers-as-strings, reserved words, and the shapes harden emits.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fastYamlOf } from '../../src/render/fast-yaml.js';

const eemeli = (v: unknown) => stringify(v, { lineWidth: 0, aliasDuplicateObjects: false });

/** Strings the writer often accepts, with the characters where plain and quoted styles part. */
const likely = fc.string({ unit: fc.constantFrom(...'abcXYZ0123456789_-./#:;,\'() =+<>$^~'.split('')), minLength: 1, maxLength: 12 });
const tricky = fc.oneof(
  likely,
  likely,
  fc.string({ unit: fc.constantFrom(...'aZ09_-./#:;, \'"()[]{}!&*?|>%@`=+<$^~\\\n\t'.split('')), maxLength: 12 }),
  fc.constantFrom('true', 'False', 'NULL', 'yes', 'no', 'on', 'y', '~', '100', '0', '007', '1.5', '1e3', '0x1F', '0o7', '.inf', '-1', '12:30', '3scale', '512Mi', '169.254.0.0/16', 'a: b', 'a #b', 'a#b', ' a', 'a ', 'x:', ''),
  fc.string({ maxLength: 8 }),
);
const key = fc.oneof(likely, tricky, fc.constantFrom('apiVersion', 'kind', 'metadata', 'app.kubernetes.io/name', 'a b'));
const leaf = fc.oneof(tricky, tricky, tricky, fc.integer({ min: -5, max: 100000 }), fc.boolean(), fc.constant(null), fc.double(), fc.constant(undefined));
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, leaf, tie('map'), tie('list')),
  map: fc.dictionary(key, tie('node'), { minKeys: 1, maxKeys: 4 }),
  list: fc.array(tie('node'), { maxLength: 3 }),
})).map;

const word = fc.string({ unit: fc.constantFrom(...'abcxyz-.'.split('')), minLength: 1, maxLength: 6 }).filter((w) => /^[a-z]/.test(w));
const plainish = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, word, fc.integer({ min: 0, max: 9999 }), fc.boolean(), fc.constant(null), tie('map'), tie('list')),
  map: fc.dictionary(word, tie('node'), { minKeys: 1, maxKeys: 4 }),
  list: fc.array(tie('node'), { maxLength: 3 }),
})).map;

/** Checks the property and counts how often the writer did write (a property of only give-ups proves nothing). */
function agreeing<T>(arb: fc.Arbitrary<T>, toValue: (x: T) => unknown, runs: number): number {
  let written = 0;
  fc.assert(
    fc.property(arb, (x) => {
      const v = toValue(x);
      const fast = fastYamlOf(v);
      if (fast !== undefined) {
        written++;
        expect(fast).toBe(eemeli(v));
      }
    }),
    { numRuns: runs },
  );
  return written;
}

describe('fast YAML writer', () => {
  it('writes each string value and key as eemeli/yaml does, or gives up', () => {
    // The writer takes about a quarter of these strings; the floors sit well below that so a random run never fails
    // by chance (one did at 984 of 4,000 against a floor of 1,000), yet a writer that gives up on everything fails.
    expect(agreeing(tricky, (s) => ({ k: s }), 4000)).toBeGreaterThan(500);
    expect(agreeing(tricky, (s) => ({ [s]: 1 }), 4000)).toBeGreaterThan(500);
    expect(agreeing(tricky, (s) => ({ k: [s, { [s]: s }] }), 2000)).toBeGreaterThan(150);
  });

  it('writes nested maps and lists as eemeli/yaml does, or gives up', () => {
    expect(agreeing(plainish, (v) => v, 2000)).toBeGreaterThan(400);
    agreeing(value, (v) => v, 2000);
  });

  it('covers the shapes harden writes', () => {
    const np = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'ktm-default-deny', namespace: 'team-a', labels: { tenant: 'true' }, annotations: { 'ktm.knative.dev/reason': 'team-a has no policy: deny by default' } },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{ ports: [{ protocol: 'TCP', port: 8080 }], from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] },
    };
    expect(fastYamlOf(np)).toBe(eemeli(np));
    const limits = { spec: { limits: [{ default: { cpu: '1', memory: '512Mi' } }] } };
    expect(fastYamlOf(limits)).toBe(eemeli(limits));
  });
});
