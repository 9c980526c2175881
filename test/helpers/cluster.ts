/**
 * Cluster inputs for tests: the stock Knative manifests read in place from ../shared/fixtures/knative, and
 * resources from YAML text through the real loader.
 */
import { join } from 'node:path';
import { objectsFromText, readSources, toResources } from '../../src/k8s/load.js';
import type { Resource } from '../../src/k8s/types.js';
import { FIXTURES } from './paths.js';

export const STOCK_FILES = ['serving-core.yaml', 'kourier.yaml', 'eventing-core.yaml', 'mt-channel-broker.yaml', 'in-memory-channel.yaml'].map((f) =>
  join(FIXTURES, 'knative', f),
);

let stockCache: Resource[] | undefined;
/** The stock manifests (read once per test file; callers must not mutate the objects). */
export function stockResources(): Resource[] {
  return (stockCache ??= readSources(STOCK_FILES));
}

export function resourcesFromYaml(text: string, file = 'test.yaml'): Resource[] {
  return toResources(objectsFromText(text, file));
}
