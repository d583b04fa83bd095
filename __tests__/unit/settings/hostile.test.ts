import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/common/errors.js';
import { readSettings } from '../../../src/settings/inputs.js';
import { SpecError } from '../../../src/settings/test-types.js';
import { FILE_MARKER, hostileCases, pathFixture, SECRET } from '../../harness/hostile-cases.js';
import { inputs } from './helpers.js';

// Issue #13: the hostile table at the settings level (the same table runs through the bundled action
// in __tests__/integration/hostile.test.ts).

const fx = pathFixture();
const cases = hostileCases(fx);

describe('hostile inputs', () => {
  it(`has at least 90 cases (${cases.length})`, () => expect(cases.length).toBeGreaterThanOrEqual(90));

  it.each(cases)('%s: one error naming the input, no secret or file text', (_name, table, input) => {
    let error: unknown;
    try {
      readSettings(inputs({ images: 'acme/app', tags: 'v1', ...table }), fx.workspace, {
        RUNNER_TEMP: fx.runnerTemp,
      });
    } catch (caught) {
      error = caught;
    }
    // An input's own error, or the test specification's (which names the input and the YAML path).
    if (error instanceof SpecError) {
      expect(error.source).toMatch(new RegExp(`^input '${input}'`));
    } else {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).input).toBe(input);
      expect((error as InputError).message).toMatch(new RegExp(`^Input '${input}' `));
    }
    expect((error as Error).message).not.toContain(SECRET);
    expect((error as Error).message).not.toContain(FILE_MARKER);
  });
});
