import { describe, expect, it } from 'vitest';
import { planTestPlatforms } from '../../../src/container-tests/platforms.js';
import { canExecute } from '../../../src/engine/emulation.js';

const amd64Host = { arch: 'amd64', handlers: ['qemu-aarch64'] };
const can = (host: { arch: string; handlers: string[] | undefined }) => (platform: string) =>
  canExecute(platform, host);

describe('canExecute', () => {
  it('runs the host platform natively, others under an enabled QEMU handler', () => {
    expect(canExecute('linux/amd64', amd64Host)).toBe(true);
    expect(canExecute('linux/386', amd64Host)).toBe(true);
    expect(canExecute('linux/arm64', amd64Host)).toBe(true);
    expect(canExecute('linux/arm64/v8', amd64Host)).toBe(true);
    expect(canExecute('linux/s390x', amd64Host)).toBe(false);
    expect(canExecute('windows/amd64', amd64Host)).toBe(false);
  });
  it('cannot tell without the handlers (a remote daemon) or the host architecture', () => {
    expect(canExecute('linux/arm64', { arch: 'amd64', handlers: undefined })).toBeUndefined();
    expect(canExecute('linux/amd64', { arch: 'amd64', handlers: undefined })).toBe(true);
    expect(canExecute('linux/arm64', { arch: '', handlers: [] })).toBeUndefined();
  });
});

describe('planTestPlatforms', () => {
  const built = ['linux/amd64', 'linux/arm64', 'linux/s390x'];
  it('all: every platform the runner executes; the others reported with the fix', () => {
    const plan = planTestPlatforms(built, 'all', can(amd64Host));
    expect(plan.tested).toEqual(['linux/amd64', 'linux/arm64']);
    expect(plan.notTested).toEqual([
      {
        platform: 'linux/s390x',
        why: expect.stringMatching(/docker\/setup-qemu-action.*qemu-user-static/) as string,
      },
    ]);
  });
  it('a list: each must be executable, else the input is named before the build', () => {
    expect(planTestPlatforms(built, ['linux/arm64'], can(amd64Host)).tested).toEqual(['linux/arm64']);
    expect(() => planTestPlatforms(built, ['linux/s390x'], can(amd64Host))).toThrow(
      /Input 'test-platforms' has value 'linux\/s390x': this runner cannot execute linux\/s390x: install a binfmt handler/,
    );
  });
  it('tries what it cannot check (a remote daemon)', () => {
    expect(planTestPlatforms(built, 'all', can({ arch: 'amd64', handlers: undefined })).tested).toEqual(
      built,
    );
  });
});
