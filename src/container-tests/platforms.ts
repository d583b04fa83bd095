import { InputError } from '../common/errors.js';

/** Which built platforms the tests run on, and which they cannot (the runner cannot execute them). */
export interface TestPlatformPlan {
  tested: string[];
  notTested: { platform: string; why: string }[];
}

const EMULATION_FIX =
  'install a binfmt handler for it: on GitHub-hosted runners add docker/setup-qemu-action before this step; on Debian or Ubuntu install qemu-user-static';

/**
 * `test-platforms` against what was built and what the runner executes (`canExecute`: `undefined`
 * when it cannot tell, e.g. a remote daemon: the tests then try). A listed platform the runner
 * cannot execute fails before the build; under `all` it is reported as not tested.
 */
export function planTestPlatforms(
  built: string[],
  requested: 'all' | string[],
  canExecute: (platform: string) => boolean | undefined,
): TestPlatformPlan {
  if (requested !== 'all') {
    for (const platform of requested) {
      if (canExecute(platform) === false) {
        throw new InputError(
          'test-platforms',
          requested.join(','),
          `this runner cannot execute ${platform}: ${EMULATION_FIX}.`,
        );
      }
    }
    return {
      tested: requested,
      notTested: built
        .filter((p) => !requested.includes(p))
        .map((platform) => ({ platform, why: "not in 'test-platforms'" })),
    };
  }
  const tested = built.filter((platform) => canExecute(platform) !== false);
  const notTested = built
    .filter((platform) => canExecute(platform) === false)
    .map((platform) => ({ platform, why: `this runner cannot execute it: ${EMULATION_FIX}` }));
  return { tested, notTested };
}
