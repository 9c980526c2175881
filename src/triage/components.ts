/** A report's component must be one the selected models describe, or `other` (not part of Knative). */
import type { ThreatModel } from '../model/schema.js';
import { InputError, type SourcePosition } from '../util/errors.js';
import type { DraftReport } from './report.js';

export function checkComponents(
  report: DraftReport,
  models: ThreatModel[],
  file: string,
  locate: (path: string[]) => SourcePosition | undefined = () => undefined,
): void {
  const id = report.spec.component;
  if (id === undefined || id === 'other') return;
  if (models.some((m) => m.components.some((c) => c.id === id))) return;
  const known = [...new Set(models.flatMap((m) => m.components.map((c) => c.id)))].sort();
  throw new InputError(
    file,
    `unknown component "${id}": use one of ${known.join(', ')}, or "other" for software that is not part of Knative`,
    locate(['spec', 'component']),
    'spec.component',
  );
}
