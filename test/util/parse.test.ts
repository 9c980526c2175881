import { describe, it, expect } from 'vitest';
import { parseDocuments } from '../../src/util/parse.js';
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

describe('large YAML (the fast path for machine-written dumps)', () => {
  // About 1.5 MB of plain YAML documents, the shape `kubectl get -o yaml` writes.
  const doc = (i: number) =>
    `# pod ${i}\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p${i}\n  namespace: ns${i % 7}\n  labels:\n    app: a${i}\n    version: "1.0"\nspec:\n  containers:\n  - name: c\n    image: registry.example/app:${i}\n    ports:\n    - containerPort: 8080\n      name: http\n`;
  const big = Array.from({ length: 6000 }, (_, i) => doc(i)).join('---\n');

  it('is for cluster dumps only: documents keep exact positions however large', () => {
    const doc = parseDocuments(big, 'model.yaml', { maxBytes: 1 << 30, maxDepth: 64, maxAliases: 100 })[3];
    expect(doc.locate(['spec', 'containers', 0, 'image'])).toEqual({ line: 3 * 17 + 13, column: 12 });
  });

  it('gives the same documents and start lines as the careful parser', () => {
    const fast = parseDocuments(big, 'big.yaml', { maxBytes: 1 << 30, maxDepth: 64, maxAliases: 100, fastPath: true });
    expect(fast).toHaveLength(6000);
    expect(fast[1234].value).toEqual(parseDocuments(doc(1234), 'one.yaml')[0].value);
    // document k starts after k markers and k documents of 16 lines each, its comment line skipped
    expect(fast[0].line).toBe(2);
    expect(fast[2].line).toBe(2 + 2 * 17);
  });

  it('still refuses __proto__, duplicate keys and alias bombs in big input, with positions', () => {
    const lines = big.split('\n').length;
    const proto = errorOf(() => parseDocuments(`${big}---\n__proto__: {}\n`, 'big.yaml', { maxBytes: 1 << 30, maxDepth: 64, maxAliases: 100, fastPath: true }));
    expect(proto.message).toContain('__proto__');
    expect(proto.position?.line).toBe(lines + 1);
    const dup = errorOf(() => parseDocuments(`${big}---\na: 1\na: 2\n`, 'big.yaml', { maxBytes: 1 << 30, maxDepth: 64, maxAliases: 100, fastPath: true }));
    expect(dup.position?.line).toBe(lines + 2);
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
    const e = errorOf(() => parseDocuments(`${big}---\n${bomb.join('\n')}\n`, 'big.yaml', { maxBytes: 1 << 30, maxDepth: 64, maxAliases: 100, fastPath: true }));
    expect(e.message).toMatch(/alias|expand/i);
  });
});

import { z } from 'zod';
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
