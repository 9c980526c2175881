import { describe, expect, it } from 'vitest';
import { MappedArray, writeJson } from '../../src/render/json-stream.js';
import { collectText } from '../../src/render/text-sink.js';

const streamed = (value: unknown, depth?: number) => collectText((sink) => writeJson(sink, value, depth));

describe('writeJson (the audit report streamed): JSON.stringify(value, null, 2) piece by piece', () => {
  const report = {
    kind: 'AuditReport',
    skipped: undefined,
    fn: () => 1,
    findings: [
      { id: 'A', message: 'two\nlines "quoted"', hops: [], nested: { a: [1, { b: null }], e: {} } },
      { id: 'B', when: new Date(0), missing: undefined, list: [undefined, () => 0, 'x'] },
    ],
    empty: [],
    none: {},
    nested: [[[1, 2], []], [{}]],
    n: 0,
    s: '',
    t: true,
    nul: null,
  };

  it.each([0, 1, 2, 3, 6])('is the same text at depth %i', (depth) => {
    expect(streamed(report, depth)).toBe(JSON.stringify(report, null, 2));
  });

  it('is the same text for scalars, empty containers and arrays at the top', () => {
    for (const v of [1, 'a\nb', null, true, [], {}, [undefined], [{ a: undefined }], [[{ x: [1] }]]]) expect(streamed(v)).toBe(JSON.stringify(v, null, 2));
  });

  it('writes a large array in many pieces, none of them the whole array', () => {
    const big = { findings: Array.from({ length: 1000 }, (_, i) => ({ id: i, message: `finding ${i}` })) };
    const pieces: string[] = [];
    writeJson({ write: (t) => void pieces.push(t) }, big);
    const whole = JSON.stringify(big, null, 2);
    expect(pieces.join('')).toBe(whole);
    expect(pieces.length).toBeGreaterThan(4);
    expect(pieces.reduce((m, p) => Math.max(m, p.length), 0)).toBeLessThan(whole.length / 3);
  });

  it('batches the last level walked at any nesting, with awkward elements', () => {
    const awkward = [undefined, () => 0, null, 'a\nb', { toJSON: () => ({ x: [1, { y: 'z' }] }) }, [], {}, [[]], new Date(0)];
    const items = Array.from({ length: 700 }, (_, i) => awkward[i % awkward.length]);
    for (const value of [items, { a: items }, { a: { b: items } }, [[items]], { a: [{ b: items }] }]) {
      for (const depth of [1, 2, 3, 4]) expect(streamed(value, depth)).toBe(JSON.stringify(value, null, 2));
    }
  });

  it('writes a MappedArray as the array it maps to, making each element only in its batch', () => {
    let made = 0;
    const items = Array.from({ length: 700 }, (_, i) => i);
    const mapped = () =>
      new MappedArray(items, (i) => {
        made++;
        return i % 7 === 0 ? undefined : { id: i, text: `n${i}\n`, list: [i] };
      });
    for (const depth of [0, 1, 2, 3]) {
      for (const value of [{ findings: mapped(), empty: new MappedArray([], () => 1) }, { a: { b: mapped() } }]) {
        const expected = JSON.stringify(value, null, 2);
        expect(streamed(value, depth)).toBe(expected);
      }
    }
    // Streamed at the depth that batches it, at most one batch of elements exists before it is written.
    made = 0;
    const madeAtWrites: number[] = [];
    writeJson({ write: () => void madeAtWrites.push(made) }, { findings: mapped() });
    expect(made).toBe(700);
    // Elements are made 256 at a time, each batch written before the next is made.
    expect([...new Set(madeAtWrites)]).toEqual([0, 256, 512, 700]);
  });
});

