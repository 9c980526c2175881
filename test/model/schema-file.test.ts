/**
 * models/threat-model.schema.json is generated from the zod schema; CI fails when the two drift. The built-in
 * models and the example overlay also validate against the generated JSON Schema (what an editor would check).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { Ajv2020 } from '../helpers/ajv.js';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { modelJsonSchemaText } from '../../src/model/json-schema.js';

const committed = readFileSync(resolve(REPO_ROOT, 'models/threat-model.schema.json'), 'utf8');

describe('JSON Schema of model files', () => {
  test('the committed file equals the generated schema (regenerate: ktm model schema -o models/threat-model.schema.json)', () => {
    expect(committed).toBe(modelJsonSchemaText());
  });

  test('ktm model schema prints it', async () => {
    const r = await runCli(['model', 'schema']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(committed);
  });

  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const validate = ajv.compile(JSON.parse(committed));
  test.each(['models/knative-2021.yaml', 'models/knative-2025.yaml', 'models/examples/untrusted-tenants.yaml'])('%s validates', (file) => {
    const ok = validate(parse(readFileSync(resolve(REPO_ROOT, file), 'utf8')));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  test('a wrong model fails the JSON Schema too', () => {
    const m = parse(readFileSync(resolve(REPO_ROOT, 'models/knative-2021.yaml'), 'utf8'));
    m.components[0].shared = 'yes';
    expect(validate(m)).toBe(false);
  });
});
