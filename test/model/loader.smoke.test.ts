import { test, expect } from 'vitest';
import { loadModel, listBuiltinModels } from '../../src/model/loader.js';
test('smoke', () => {
  console.log(listBuiltinModels());
  expect(loadModel('knative-2025').clauses.length).toBeGreaterThan(10);
});
