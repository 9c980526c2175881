/**
 * The peer suite (np-guard/netpol-analyzer, ../shared/fixtures/netpol/public): for every scenario, load
 * exactly its `inputs`, render the connlist text and compare with expected.txt as sets of trimmed lines.
 */
import { IPBLOCKS_NEVER_MATCH_PODS } from '../../src/k8s/cni.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/cli.js';
import { readSources } from '../../src/k8s/load.js';
import { buildInventory } from '../../src/k8s/inventory.js';
import { Engine } from '../../src/netpol/engine.js';
import { listConnections } from '../../src/netpol/connections.js';
import { renderConnlist } from '../../src/render/connlist.js';

const ROOT = join(FIXTURES, 'netpol');
const index = JSON.parse(readFileSync(join(ROOT, 'index.json'), 'utf8')) as {
  scenarios: Array<{ name: string; inputs: string[]; expected_lines: number }>;
};

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .sort();
}

describe('netpol-analyzer public conformance suite', () => {
  it('has the 64 public scenarios', () => {
    expect(index.scenarios.length).toBe(64);
  });
  for (const sc of index.scenarios) {
    it(sc.name, () => {
      const dir = join(ROOT, 'public', sc.name);
      const inv = buildInventory(readSources(sc.inputs.map((f) => join(dir, f))));
      // The peer suite's semantics: ipBlocks describe addresses outside the cluster and never match pods.
      const engine = new Engine(inv, { cni: IPBLOCKS_NEVER_MATCH_PODS });
      const got = lines(renderConnlist(listConnections(engine)));
      const want = lines(readFileSync(join(dir, 'expected.txt'), 'utf8'));
      expect(want.length).toBe(sc.expected_lines);
      if (got.length !== want.length || got.some((l, i) => l !== want[i])) {
        const g = new Set(got);
        const w = new Set(want);
        const missing = want.filter((l) => !g.has(l)).slice(0, 10);
        const extra = got.filter((l) => !w.has(l)).slice(0, 10);
        expect({ missing, extra }).toEqual({ missing: [], extra: [] });
      }
    });
  }
});
