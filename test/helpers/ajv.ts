/**
 * JSON Schema validators for tests. ajv ships CommonJS; under NodeNext its default export is the module object,
 * so the constructors are taken from their named exports here, once, with their types.
 */
import { createRequire } from 'node:module';
import type { Ajv as AjvClass, Options, Plugin } from 'ajv';

const require = createRequire(import.meta.url);

type AjvConstructor = new (opts?: Options) => AjvClass;

export const Ajv: AjvConstructor = require('ajv').Ajv;
export const Ajv2020: AjvConstructor = require('ajv/dist/2020').Ajv2020;
export const AjvDraft04: AjvConstructor = require('ajv-draft-04').default;
export const addFormats: Plugin<unknown> = require('ajv-formats').default;
