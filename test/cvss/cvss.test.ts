import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runCli, FIXTURES } from '../helpers/cli.js';
import { scoreVector, parseVector, CvssVectorError } from '../../src/cvss/vector.js';
import { severityOfScore } from '../../src/cvss/severity.js';

interface Fixture {
  vector: string;
  score: number;
  severity: 'None' | 'Low' | 'Medium' | 'High' | 'Critical';
  note?: string;
}
const load = (name: string): Fixture[] => JSON.parse(readFileSync(resolve(FIXTURES, 'cvss', name), 'utf8'));

// ktm prints GitHub advisory labels; the fixtures print FIRST's. Same bands, one different word.
const FIRST_TO_GHSA = { None: 'none', Low: 'low', Medium: 'moderate', High: 'high', Critical: 'critical' } as const;

describe.each(['cvss_vectors_3.1.json', 'cvss_vectors_4.0.json'])('ktm cvss against %s', (name) => {
  const records = load(name);

  it('has the records the README announces', () => {
    expect(records.length).toBe(name.includes('3.1') ? 2617 : 2024);
  });

  it('matches every vector through --stdin (score and severity)', async () => {
    const stdin = records.map((r) => r.vector).join('\n');
    const res = await runCli(['cvss', '--stdin'], { stdin });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const lines = res.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(records.length);
    const mismatches = records.filter((r, i) => {
      const got = lines[i];
      return got.vector !== r.vector || got.score !== r.score || got.severity !== FIRST_TO_GHSA[r.severity];
    });
    expect(mismatches).toEqual([]);
    expect(lines.every((l) => l.version === (name.includes('3.1') ? '3.1' : '4.0'))).toBe(true);
  });
});

describe('non-canonical 4.0 vectors (fixture note)', () => {
  it('accepts the two vectors whose E/CR/IR/AR come after the M* metrics and scores them as recorded', () => {
    const noted = load('cvss_vectors_4.0.json').filter((r) => r.note?.includes('canonical'));
    expect(noted).toHaveLength(2);
    for (const r of noted) expect(scoreVector(r.vector).score).toBe(r.score);
  });
});

describe('bad vectors', () => {
  const cases: Array<[string, string]> = [
    ['CVSS:3.1/AV:X/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H', 'AV'],
    ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:N', 'A'],
    ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H/A:L', 'A'],
    ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H/FOO:1', 'FOO'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:S/SI:H/SA:H', 'SC'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H', 'SA'],
    ['CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P', 'version'],
    ['AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H', 'version'],
    ['CVSS:3.1/AV:N//AC:L', '(empty)'],
  ];
  it.each(cases)('%s names metric %s', (vector, metric) => {
    try {
      parseVector(vector);
      expect.unreachable('should have failed');
    } catch (err) {
      expect(err).toBeInstanceOf(CvssVectorError);
      expect((err as CvssVectorError).metric).toBe(metric);
    }
  });

  it('exits 2 naming the metric, and still prints the good vectors', async () => {
    const res = await runCli(['cvss', 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H', 'CVSS:3.1/AV:Q/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/argument 2: metric AV has the invalid value "Q".*\(at AV\)/);
    expect(JSON.parse(res.stdout)).toEqual({
      vector: 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H',
      version: '3.1',
      score: 6.5,
      severity: 'moderate',
    });
  });

  it('reports the stdin line of a bad vector', async () => {
    const res = await runCli(['cvss', '--stdin'], { stdin: '# list\nCVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H\n\nCVSS:3.1/AV:N\n' });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/<stdin>:4:1: base metrics AC, PR/);
  });

  it('no vectors at all is a usage error', async () => {
    expect((await runCli(['cvss'])).code).toBe(2);
  });
});

describe('severity bands (DESIGN.md)', () => {
  it.each([
    [0, 'none'],
    [0.1, 'low'],
    [3.9, 'low'],
    [4.0, 'moderate'],
    [6.9, 'moderate'],
    [7.0, 'high'],
    [8.9, 'high'],
    [9.0, 'critical'],
    [10, 'critical'],
  ])('%s is %s', (score, label) => expect(severityOfScore(score)).toBe(label));
});
