import { it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { loadModel } from '../../src/model/loader.js';
import { loadDesign } from '../../src/review/design.js';
import { reviewDesign } from '../../src/review/review.js';
it('scratch', () => {
  for (const d of (process.env.DESIGNS ?? '').split(',')) {
    for (const m of ['knative-2021', 'knative-2025']) {
      const r = reviewDesign(loadModel(m), loadDesign(`examples/designs/${d}.yaml`));
      writeFileSync(`/tmp/h7/${d}.${m}.json`, JSON.stringify(r, null, 1));
    }
  }
});
