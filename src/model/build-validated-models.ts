/**
 * `node dist/src/model/build-validated-models.js`, run by `npm run build` after tsc: validates every built-in model
 * with the full loader and stores the result beside the compiled code (src/model/validated-models.ts), so the
 * commands that read built-in models skip YAML parsing and zod at start-up.
 */
import { builtinIds, builtinModelPath } from './builtin-models.js';
import { loadModel } from './loader.js';
import { VALIDATED_MODELS_DIR, writeValidatedModels } from './validated-models.js';

const builtins = builtinIds().map((id) => ({ id, file: builtinModelPath(id)! }));
writeValidatedModels(VALIDATED_MODELS_DIR, builtins, loadModel);
