/**
 * Adapter over ae-cvss-calculator (conformance-tested: it reproduces every vector in ../shared/fixtures/cvss).
 * The library is lenient — it ignores unknown values and missing base metrics — so ktm checks the vector
 * strictly first and names the metric at fault; only then does the library compute the score.
 */
import { createRequire } from 'node:module';
import { severityOfScore, type Severity } from './severity.js';

// The library is CommonJS: `require` loads it as such, where an ESM `import` first scans its 190 KB bundle for
// named exports (cjs-module-lexer), about 50 ms of every `ktm cvss` and `ktm triage` start.
const calculator = createRequire(import.meta.url)('ae-cvss-calculator') as typeof import('ae-cvss-calculator');
const { Cvss3P0, Cvss3P1, Cvss4P0 } = calculator;

export const CVSS_VERSIONS = ['3.0', '3.1', '4.0'] as const;
export type CvssVersion = (typeof CVSS_VERSIONS)[number];

/** A vector that ktm could not accept; `metric` names the offending metric (or `version`). */
export class CvssVectorError extends Error {
  constructor(
    readonly vector: string,
    readonly metric: string,
    message: string,
  ) {
    super(message);
    this.name = 'CvssVectorError';
  }
}

export interface CvssScore {
  vector: string;
  version: CvssVersion;
  /** The score of the whole vector: base, or with threat/temporal and environmental metrics when present. */
  score: number;
  /** GitHub advisory label of the score. */
  severity: Severity;
}

const BASE_METRICS: Record<CvssVersion, readonly string[]> = {
  '3.0': ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'],
  '3.1': ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'],
  '4.0': ['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA'],
};

type Calculator = InstanceType<typeof Cvss3P1> | InstanceType<typeof Cvss3P0> | InstanceType<typeof Cvss4P0>;

function newCalculator(version: CvssVersion, vector?: string): Calculator {
  if (version === '3.0') return new Cvss3P0(vector);
  if (version === '3.1') return new Cvss3P1(vector);
  return new Cvss4P0(vector);
}

/** Allowed values per metric, read from the library's own metric registry (so both agree by construction). */
const ALLOWED = new Map<CvssVersion, Map<string, Set<string>>>();
function allowedValues(version: CvssVersion): Map<string, Set<string>> {
  let table = ALLOWED.get(version);
  if (table) return table;
  table = new Map();
  const base = new Set(BASE_METRICS[version]);
  for (const components of newCalculator(version).getRegisteredComponents().values()) {
    for (const c of components) {
      // Base metrics must be given a real value ("X", Not Defined, exists only for the optional metrics);
      // hidden values (4.0 "S" for SC/SI/SA) are only valid for the modified metrics.
      const values = c.values
        .filter((v) => !v.hide && !(base.has(c.shortName) && v.shortName === 'X'))
        .map((v) => v.shortName);
      table.set(c.shortName, new Set(values));
    }
  }
  ALLOWED.set(version, table);
  return table;
}

/** Checks a vector strictly. Metrics may come in any order (see docs/triage.md), but each at most once. */
export function parseVector(input: string): { version: CvssVersion; metrics: Map<string, string> } {
  const vector = input.trim();
  const m = /^CVSS:(\d+\.\d+)\//.exec(vector);
  if (!m) {
    throw new CvssVectorError(input, 'version', `"${vector}" is not a CVSS vector: it must start with CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/`);
  }
  const version = m[1] as CvssVersion;
  if (!CVSS_VERSIONS.includes(version)) {
    throw new CvssVectorError(input, 'version', `CVSS version ${m[1]} is not supported (use 3.0, 3.1 or 4.0)`);
  }
  const allowed = allowedValues(version);
  const metrics = new Map<string, string>();
  for (const part of vector.slice(m[0].length).split('/')) {
    const kv = /^([^:]+):([^:]*)$/.exec(part);
    if (!kv) throw new CvssVectorError(input, part || '(empty)', `"${part}" is not a METRIC:VALUE pair`);
    const [, metric, value] = kv;
    const values = allowed.get(metric);
    if (!values) throw new CvssVectorError(input, metric, `unknown CVSS ${version} metric "${metric}"`);
    if (metrics.has(metric)) throw new CvssVectorError(input, metric, `metric ${metric} is given twice`);
    if (!values.has(value)) {
      throw new CvssVectorError(
        input,
        metric,
        `metric ${metric} has the invalid value "${value}" (allowed: ${[...values].join(', ')})`,
      );
    }
    metrics.set(metric, value);
  }
  const missing = BASE_METRICS[version].filter((b) => !metrics.has(b));
  if (missing.length > 0) {
    throw new CvssVectorError(input, missing[0], `base metric${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing`);
  }
  return { version, metrics };
}

/** Validates and scores one vector. */
export function scoreVector(input: string): CvssScore {
  const { version } = parseVector(input);
  const vector = input.trim();
  const scores = newCalculator(version, vector).calculateScores();
  const score = scores.overall;
  if (typeof score !== 'number' || Number.isNaN(score)) {
    throw new CvssVectorError(input, 'vector', `the CVSS library could not score "${vector}"`);
  }
  return { vector, version, score, severity: severityOfScore(score) };
}

/** Builds a vector string from metrics in the given order (used by the facet derivation). */
export function formatVector(version: CvssVersion, metrics: ReadonlyArray<readonly [string, string]>): string {
  return `CVSS:${version}/${metrics.map(([k, v]) => `${k}:${v}`).join('/')}`;
}
