import { InputError } from '../../src/util/errors.js';

/** The InputError a promise rejects with; fails the test if it resolves or rejects with anything else. */
export async function rejectedInputError(p: Promise<unknown>): Promise<InputError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}
