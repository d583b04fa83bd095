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
