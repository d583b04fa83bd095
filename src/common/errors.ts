/** A mistake in the workflow file: names the input, the value and the fix. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    readonly value: string,
    problem: string,
  ) {
    super(`Input '${input}' ${value === '' ? 'is empty' : `has value '${shorten(value)}'`}: ${problem}`);
    this.name = 'InputError';
  }
}

function shorten(value: string): string {
  const oneLine = value.replace(/\n/g, '\\n');
  return oneLine.length > 120 ? `${oneLine.slice(0, 117)}...` : oneLine;
}

/** One of a fixed set of values; empty gives the fallback, anything else names the choices. */
export function oneOf<T extends string>(input: string, raw: string, values: readonly T[], fallback: T): T {
  const value = raw.trim();
  if (value === '') return fallback;
  if ((values as readonly string[]).includes(value)) return value as T;
  throw new InputError(input, value, `use one of ${values.map((v) => `'${v}'`).join(', ')}.`);
}
