import { InputError } from '../../../src/common/errors.js';
import type { InputReader } from '../../../src/settings/parse.js';

/** An input reader over a table: inputs not in it are empty, as the runner gives them. */
export function inputs(table: Record<string, string>): InputReader {
  return (name) => table[name] ?? '';
}

/** The InputError a call throws, for assertions on its exact message. */
export function inputError(call: () => unknown): InputError {
  try {
    call();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}
