import { describe, expect, it } from 'vitest';
import { InputError, oneOf } from '../../../src/common/errors.js';

describe('InputError', () => {
  it('names the input, the value and the problem', () => {
    const error = new InputError('cleanup', 'maybe', "use one of 'run', 'false'.");
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('InputError');
    expect(error.input).toBe('cleanup');
    expect(error.value).toBe('maybe');
    expect(error.message).toBe("Input 'cleanup' has value 'maybe': use one of 'run', 'false'.");
  });

  it('says an empty value is empty', () => {
    expect(new InputError('images', '', 'name an image.').message).toBe(
      "Input 'images' is empty: name an image.",
    );
  });

  it('shows a multi-line value on one line', () => {
    expect(new InputError('tags', 'a\nb', 'x').message).toBe("Input 'tags' has value 'a\\nb': x");
  });

  it('shortens a long value to 120 characters, keeping the whole value on the error', () => {
    const value = 'x'.repeat(200);
    const error = new InputError('tests', value, 'bad.');
    expect(error.message).toBe(`Input 'tests' has value '${'x'.repeat(117)}...': bad.`);
    expect(error.value).toBe(value);
    const exact = 'y'.repeat(120);
    expect(new InputError('tests', exact, 'bad.').message).toBe(`Input 'tests' has value '${exact}': bad.`);
  });
});

describe('oneOf', () => {
  const values = ['run', 'dangling', 'false'] as const;

  it('returns a listed value, trimmed', () => {
    expect(oneOf('cleanup', 'dangling', values, 'run')).toBe('dangling');
    expect(oneOf('cleanup', '  false \n', values, 'run')).toBe('false');
  });

  it('gives the fallback for an empty or blank value', () => {
    expect(oneOf('cleanup', '', values, 'run')).toBe('run');
    expect(oneOf('cleanup', '   ', values, 'dangling')).toBe('dangling');
  });

  it('names every choice for anything else, case included', () => {
    const call = () => oneOf('cleanup', ' Run ', values, 'run');
    expect(call).toThrow(InputError);
    expect(call).toThrow("Input 'cleanup' has value 'Run': use one of 'run', 'dangling', 'false'.");
  });
});
