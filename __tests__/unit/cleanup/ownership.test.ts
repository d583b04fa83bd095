import { describe, expect, it } from 'vitest';
import { createOwnership, runFilter } from '../../../src/cleanup/ownership.js';

describe('ownership', () => {
  it('labels this run with repository, run, attempt and job, unique per invocation', () => {
    const env = {
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_RUN_ID: '99',
      GITHUB_RUN_ATTEMPT: '2',
      GITHUB_JOB: 'build',
    };
    const a = createOwnership(env, 'aaaa');
    expect(a.runKey).toBe('acme/app/99/2/build/aaaa');
    expect(a.labels).toMatchObject({ 'dev.shipshape.run': a.runKey, 'dev.shipshape.run-id': '99' });
    expect(createOwnership(env).runKey).not.toBe(createOwnership(env).runKey);
    expect(runFilter(a.runKey)).toBe('label=dev.shipshape.run=acme/app/99/2/build/aaaa');
  });
});
