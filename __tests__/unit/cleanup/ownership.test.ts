import { describe, expect, it } from 'vitest';
import { createOwnership, leaseLabels, runFilter } from '../../../src/cleanup/ownership.js';

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

describe('the lease', () => {
  it('names the images the run uses, once each, and at most 64', () => {
    const ownership = createOwnership({ GITHUB_REPOSITORY: 'acme/app' }, 'n1');
    const labels = leaseLabels(ownership, ['busybox:1', 'busybox:1', 'postgres:16']);
    expect(labels['dev.shipshape.lease']).toBe('true');
    expect(labels['dev.shipshape.uses.0']).toBe('busybox:1');
    expect(labels['dev.shipshape.uses.1']).toBe('postgres:16');
    expect(labels['dev.shipshape.uses.2']).toBeUndefined();
    const many = leaseLabels(
      ownership,
      Array.from({ length: 100 }, (_, i) => `img${i}:1`),
    );
    expect(Object.keys(many).filter((key) => key.startsWith('dev.shipshape.uses.'))).toHaveLength(64);
  });
});
