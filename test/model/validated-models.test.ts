/**
 * Built-in models validated at build time (src/model/validated-models.ts): the stored form equals what the full
 * loader gives, and it is used only for the exact bytes it was made from — a changed model file, a tampered or
 * unreadable artefact, or an invalid built-in model never gets past the full loader.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { builtinIds, builtinModelPath } from '../../src/model/builtin-models.js';
import { loadModel } from '../../src/model/loader.js';
import { validatedBuiltin, writeValidatedModels } from '../../src/model/validated-models.js';

const tmp = mkdtempSync(join(tmpdir(), 'ktm-validated-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const builtins = builtinIds().map((id) => ({ id, file: builtinModelPath(id)! }));
const artefacts = join(tmp, 'validated-models');
writeValidatedModels(artefacts, builtins, loadModel);

describe('validated built-in models', () => {
  test('every built-in model is stored, and reads back exactly as the full loader gives it', () => {
    expect(builtins.map((b) => b.id)).toEqual(['knative-2021', 'knative-2025']);
    for (const { id, file } of builtins) {
      const stored = validatedBuiltin(id, file, artefacts);
      expect(stored, id).toBeDefined();
      expect(stored, id).toStrictEqual(loadModel(id));
    }
  });

  test('a model file changed after the build is not served from the artefact, even at the same size', () => {
    const { id, file } = builtins[0];
    const text = readFileSync(file, 'utf8');
    const sameSize = join(tmp, 'same-size.yaml');
    writeFileSync(sameSize, text.replace('title: Knative Threat Model', 'title: Knative Threat Modem'));
    expect(readFileSync(sameSize).length).toBe(readFileSync(file).length);
    expect(validatedBuiltin(id, sameSize, artefacts)).toBeUndefined();
    const longer = join(tmp, 'longer.yaml');
    writeFileSync(longer, `${text}\n# a comment\n`);
    expect(validatedBuiltin(id, longer, artefacts)).toBeUndefined();
    // The unchanged bytes under another name still match: the key is the content, not the path.
    const copy = join(tmp, 'copy.yaml');
    writeFileSync(copy, text);
    expect(validatedBuiltin(id, copy, artefacts)?.metadata.id).toBe(id);
  });

  test('a tampered, unreadable or missing artefact falls back to the full loader', () => {
    const { id, file } = builtins[1];
    const dir = join(tmp, 'tampered');
    writeValidatedModels(dir, builtins, loadModel);
    const path = join(dir, `${id}.json`);
    const stored = JSON.parse(readFileSync(path, 'utf8')) as { key: string };
    writeFileSync(path, JSON.stringify({ ...stored, key: stored.key.replace(/^./, (c) => (c === '0' ? '1' : '0')) }));
    expect(validatedBuiltin(id, file, dir)).toBeUndefined();
    writeFileSync(path, '{ not json');
    expect(validatedBuiltin(id, file, dir)).toBeUndefined();
    expect(validatedBuiltin(id, file, join(tmp, 'absent'))).toBeUndefined();
  });

  test('an invalid built-in model fails the build step and leaves no artefact behind', () => {
    const dir = join(tmp, 'failing');
    writeValidatedModels(dir, builtins, loadModel);
    expect(existsSync(join(dir, 'knative-2021.json'))).toBe(true);
    const broken = () => {
      throw new Error('models/knative-2025.yaml:3:1: invalid threat model');
    };
    expect(() => writeValidatedModels(dir, builtins, (id) => (id === 'knative-2025' ? broken() : loadModel(id)))).toThrow(/invalid threat model/);
    expect(existsSync(dir)).toBe(false);
  });
});
