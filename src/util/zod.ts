/**
 * The one module that imports the zod package; the rest of ktm does `import * as z from '…/util/zod.js'`.
 * Its members are re-exported by name, exactly those ktm uses, so the build (scripts/bundle-zod.mjs) can bundle
 * and tree-shake zod into this file: the package entry loads 97 modules, 65 of them locales, about 80 ms of every
 * command that validates input. One import site also means one zod copy (instanceof checks, registries).
 * A member not listed here is a compile error where it is used: add it here.
 */
export {
  array,
  boolean,
  discriminatedUnion,
  enum,
  literal,
  looseObject,
  number,
  object,
  preprocess,
  record,
  strictObject,
  string,
  toJSONSchema,
  union,
  unknown,
} from 'zod';
export type { infer, ZodType } from 'zod';
