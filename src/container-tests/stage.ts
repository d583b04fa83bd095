import { constants } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from '../common/logger.js';
import type { Docker } from '../engine/docker.js';
import type { TestSettings } from '../settings/tests.js';
import { toJUnit } from './junit.js';
import type { TestResult } from './results.js';
import { runTests } from './run-tests.js';

export interface TestStageResult {
  results: TestResult[];
  failed: TestResult[];
}

/**
 * Every test on the image (on each platform's image, one platform after the other, when several
 * were built), then the JUnit report when one is asked for.
 */
export async function testStage(
  settings: TestSettings,
  context: {
    docker: Docker;
    /** The image ID the tests run on, and the reference it is reported under. */
    image: string;
    subject: string;
    /** Each platform's image to test (`--platform` on every container); absent: `image` alone. */
    platforms?: { platform: string; image: string }[];
    labels: Record<string, string>;
    /** Names of this run's test containers start with it. */
    prefix: string;
    log: Logger;
  },
): Promise<TestStageResult> {
  // `platforms` given (built with `platforms`): exactly those, maybe none the runner can execute.
  const runs = context.platforms ?? [{ platform: undefined, image: context.image }];
  const results: TestResult[] = [];
  for (const run of runs) {
    const slug = run.platform ? `-${run.platform.replace(/[^a-z0-9]+/g, '-')}` : '';
    results.push(
      ...(await runTests(context.docker, {
        image: run.image,
        platform: run.platform,
        spec: settings.spec,
        labels: context.labels,
        prefix: `${context.prefix}${slug}`,
        parallelism: settings.parallelism,
        defaultTimeoutSeconds: settings.timeoutSeconds,
        log: context.log,
      })),
    );
  }
  if (settings.report) {
    await mkdir(dirname(settings.report), { recursive: true });
    // Never through a symlink put there since the settings were read.
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;
    await writeFile(settings.report, toJUnit(results, context.subject, new Date()), { flag: flags });
  }
  return { results, failed: results.filter((test) => !test.passed) };
}

/** `test-only`: the image exists already; pull it only when the engine does not have it. */
export async function imageToTest(docker: Docker, reference: string): Promise<string> {
  let [image] = await docker.inspectImages([reference]);
  if (!image) {
    const pulled = await docker.pull(reference);
    if (pulled.exitCode !== 0) {
      throw new Error(
        `Input 'image-ref' has value '${reference}': the engine does not have it and it could not be pulled: ${pulled.stderr.trim()}`,
      );
    }
    [image] = await docker.inspectImages([reference]);
  }
  return image.Id;
}
