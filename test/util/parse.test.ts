import { describe, it, expect } from 'vitest';
import { CLUSTER_LIMITS, DOCUMENT_LIMITS, parseDocuments } from '../../src/util/parse.js';
import { InputError } from '../../src/util/errors.js';

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('parseDocuments', () => {
  it('parses multi-document YAML and locates fields', () => {
    const docs = parseDocuments('a: 1\n---\nb:\n  c: [1, 2]\n', 'x.yaml');
    expect(docs.map((d) => d.value)).toEqual([{ a: 1 }, { b: { c: [1, 2] } }]);
    expect(docs[1].locate(['b', 'c', 1])).toEqual({ line: 4, column: 10 });
  });

  it('reports syntax errors with line and column', () => {
    const e = errorOf(() => parseDocuments('a: 1\nb: [1, 2\n', 'bad.yaml'));
    expect(e.file).toBe('bad.yaml');
    expect(e.position?.line).toBeGreaterThanOrEqual(2);
  });

  it('refuses __proto__ keys with their position', () => {
    const e = errorOf(() => parseDocuments('ok: 1\n__proto__:\n  polluted: true\n', 'p.yaml'));
    expect(e.message).toContain('__proto__');
    expect(e.position).toEqual({ line: 2, column: 1 });
  });

  it('stops alias bombs', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
    const e = errorOf(() => parseDocuments(bomb.join('\n') + '\n', 'bomb.yaml'));
    expect(e.message).toMatch(/alias|expand/i);
  });

  it('refuses deep nesting in flow and block style', () => {
    const flow = '['.repeat(10_000) + ']'.repeat(10_000);
    expect(errorOf(() => parseDocuments(flow, 'deep.json')).message).toMatch(/nesting deeper/);
    let block = '';
    for (let i = 0; i < 200; i++) block += `${' '.repeat(i)}k${i}:\n`;
    block += `${' '.repeat(200)}v: 1\n`;
    expect(errorOf(() => parseDocuments(block, 'deep.yaml')).message).toMatch(/nesting deeper/);
  });
});

describe('compact block nesting', () => {
  it('turns a parser stack overflow into a nesting error with a position', () => {
    const text = '- '.repeat(10_000) + 'x\n';
    const e = errorOf(() => parseDocuments(text, 'compact.yaml'));
    expect(e.message).toMatch(/nesting too deep/);
    expect(e.position?.line).toBe(1);
  });
});

describe('one YAML path: fast at every size, exact positions on demand', () => {
  // About 1.5 MB of plain YAML documents, the shape `kubectl get -o yaml` writes.
  const doc = (i: number) =>
    `# pod ${i}\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p${i}\n  namespace: ns${i % 7}\n  labels:\n    app: a${i}\n    version: "1.0"\nspec:\n  containers:\n  - name: c\n    image: registry.example/app:${i}\n    ports:\n    - containerPort: 8080\n      name: http\n`;
  const big = Array.from({ length: 6000 }, (_, i) => doc(i)).join('---\n');

  it('documents keep exact positions however large (re-parsed with positions when asked)', () => {
    const doc = parseDocuments(big, 'model.yaml', CLUSTER_LIMITS)[3];
    expect(doc.positioned).toBe(false);
    expect(doc.locate(['spec', 'containers', 0, 'image'])).toEqual({ line: 3 * 17 + 13, column: 12 });
    expect(doc.locate(['metadata', 'labels', 'app'], { key: true })).toEqual({ line: 3 * 17 + 8, column: 5 });
  });

  it('small documents take the fast path too, with the same positions as the careful parser', () => {
    const text = 'a: 1\n---\n# note\nb:\n  c: [1, 2]\n';
    const fast = parseDocuments(text, 'x.yaml');
    expect(fast.map((d) => d.positioned)).toEqual([false, false]);
    const careful = parseDocuments(`${text}x: &anchor 1\n`, 'x.yaml'); // an anchor sends it through the careful parser
    expect(careful[1].positioned).toBe(true);
    expect(fast[1].locate(['b', 'c', 1])).toEqual(careful[1].locate(['b', 'c', 1]));
    expect(fast[1].locate(['b', 'c', 1])).toEqual({ line: 5, column: 10 });
  });

  it('nesting deeper than the limit leaves the fast path and is refused with its position', () => {
    const deep = 'a:\n' + Array.from({ length: 70 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n') + ' x\n';
    const e = errorOf(() => parseDocuments(deep, 'deep.yaml', DOCUMENT_LIMITS));
    expect(e.message).toMatch(/nesting deeper than 64/);
    expect(e.position?.line).toBeGreaterThan(60);
    expect(parseDocuments(deep, 'deep.yaml', CLUSTER_LIMITS)).toHaveLength(1);
  });

  it('refuses thousands of empty documents by a limit, naming where the limit was crossed', () => {
    const e = errorOf(() => parseDocuments('---\n'.repeat(200_000), 'empty.yaml', CLUSTER_LIMITS));
    expect(e.message).toBe('more than 1000 empty documents in one stream');
    expect(e.position).toEqual({ line: 1001, column: 1 });
    // a few empty documents (Helm output has them) are fine
    expect(parseDocuments('---\n---\na: 1\n---\n', 'helm.yaml', CLUSTER_LIMITS)).toHaveLength(1);
    const many = errorOf(() => parseDocuments('a: 1\n---\n'.repeat(1001), 'many.yaml', DOCUMENT_LIMITS));
    expect(many.message).toBe('more than 1000 documents in one stream');
    expect(many.position).toEqual({ line: 2000, column: 1 }); // the marker that opens document 1001
  });

  it('gives the same documents and start lines as the careful parser', () => {
    const fast = parseDocuments(big, 'big.yaml', { ...CLUSTER_LIMITS, maxDepth: 64, maxAliases: 100 });
    expect(fast).toHaveLength(6000);
    expect(fast[1234].value).toEqual(parseDocuments(doc(1234), 'one.yaml')[0].value);
    // document k starts after k markers and k documents of 16 lines each, its comment line skipped
    expect(fast[0].line).toBe(2);
    expect(fast[2].line).toBe(2 + 2 * 17);
  });

  it('still refuses __proto__, duplicate keys and alias bombs in big input, with positions', () => {
    const lines = big.split('\n').length;
    const proto = errorOf(() => parseDocuments(`${big}---\n__proto__: {}\n`, 'big.yaml', { ...CLUSTER_LIMITS, maxDepth: 64, maxAliases: 100 }));
    expect(proto.message).toContain('__proto__');
    expect(proto.position?.line).toBe(lines + 1);
    const dup = errorOf(() => parseDocuments(`${big}---\na: 1\na: 2\n`, 'big.yaml', { ...CLUSTER_LIMITS, maxDepth: 64, maxAliases: 100 }));
    expect(dup.position?.line).toBe(lines + 2);
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
    const e = errorOf(() => parseDocuments(`${big}---\n${bomb.join('\n')}\n`, 'big.yaml', { ...CLUSTER_LIMITS, maxDepth: 64, maxAliases: 100 }));
    expect(e.message).toMatch(/alias|expand/i);
  });
});

import * as z from '../../src/util/zod.js';
import { validateDocument } from '../../src/util/validate.js';

describe('validation messages', () => {
  const schema = z.strictObject({ kind: z.literal('X'), spec: z.strictObject({ level: z.enum(['a', 'b']), n: z.number() }) });
  const check = (text: string) => errorOf(() => validateDocument(schema, parseDocuments(text, 'v.yaml')[0], 'v.yaml', 'thing'));

  it('says "missing" for an absent field, with its path and where its parent is', () => {
    const e = check('kind: X\nspec:\n  n: 1\n');
    expect(e.message).toBe('invalid thing: missing required field (expected one of "a"|"b")');
    expect(e.fieldPath).toBe('spec.level');
    expect(e.position).toEqual({ line: 3, column: 3 });
  });

  it('keeps zod words for a present but wrong value, and points at an unknown key itself', () => {
    expect(check('kind: X\nspec:\n  level: c\n  n: 1\n').message).toMatch(/^invalid thing: Invalid option/);
    const e = check('kind: X\nspec:\n  level: a\n  n: 1\n  colour: red\n');
    expect(e.fieldPath).toBe('spec.colour');
    expect(e.position).toEqual({ line: 5, column: 3 });
  });
});

describe('no slow paths on hostile text', () => {
  it('a line of many # and a long run of spaces parse in linear time', () => {
    // Both once sent a regular expression into exponential or quadratic backtracking.
    const hashes = `${'#'.repeat(5000)}\nx: 1\n---\n${'#'.repeat(5000)}\n`;
    expect(parseDocuments(hashes, 'h.yaml', CLUSTER_LIMITS).map((d) => d.value)).toEqual([{ x: 1 }]);
    const spaces = `apiVersion: v1\nkind: List\nitems:${' '.repeat(200_000)}x\n`;
    expect(() => parseDocuments(spaces, 's.yaml', CLUSTER_LIMITS)[0].quickLocate?.(['items', 0])).not.toThrow();
  });
});
