import type { Logger } from '../common/logger.js';
import type { Docker } from '../engine/docker.js';
import { createLogPassthrough } from '../engine/exec.js';
import { runLimited } from '../common/scheduler.js';
import { checkServiceImages, startServices } from './services.js';
import { runCommandTest, runFileTests, runMetadataTest } from './structure.js';
import { SpecError, type TestSpec } from '../settings/test-types.js';
import { testLabel, type TestResult } from './results.js';

export interface TestRunOptions {
  image: string;
  spec: TestSpec;
  /** Ownership labels for every container, network and volume a test creates. */
  labels: Record<string, string>;
  /** Names of this run's test containers start with it. */
  prefix: string;
  parallelism: number;
  defaultTimeoutSeconds: number;
  log: Logger;
  /** The image's platform when it is one of several built (`--platform` on every container). */
  platform?: string;
}

function hasTests(spec: TestSpec): boolean {
  return (
    spec.commandTests.length + spec.fileTests.length + spec.licenseTests.length > 0 ||
    spec.metadataTest !== undefined
  );
}

/** Fails, before any container starts, when a service's image is not on the engine. */
export async function checkServicesPresent(docker: Docker, spec: TestSpec): Promise<void> {
  const missing = new Set(await checkServiceImages(docker, spec.services));
  const index = spec.services.findIndex((service) => missing.has(service.image));
  if (index >= 0) {
    throw new SpecError(
      'tests',
      `services[${index}].image`,
      `'${spec.services[index].image}' is not present on the Docker engine; pull or build it in an earlier step (services are never pulled implicitly).`,
    );
  }
}

/**
 * Runs every test on the image, up to `parallelism` at a time, each in a container of its own, after
 * starting the services on a private network. Test containers get a network only when there are
 * services; everything is removed whatever happens.
 */
export async function runTests(docker: Docker, options: TestRunOptions): Promise<TestResult[]> {
  const { spec } = options;
  if (!hasTests(spec)) return [];
  let services: Awaited<ReturnType<typeof startServices>> | undefined;
  if (spec.services.length > 0) {
    services = await options.log.group(`Services: ${spec.services.map((s) => s.name).join(', ')}`, () =>
      startServices(docker, spec.services, { labels: options.labels, prefix: options.prefix }),
    );
  }
  try {
    const network = services?.network ?? 'none';
    const tasks: (() => Promise<TestResult[]>)[] = spec.commandTests.map((test, index) => async () => [
      await runCommandTest(docker, options.image, test, {
        labels: options.labels,
        name: `${options.prefix}-${index + 1}`,
        network,
        defaultTimeoutSeconds: options.defaultTimeoutSeconds,
        platform: options.platform,
      }),
    ]);
    if (spec.fileTests.length + spec.licenseTests.length > 0) {
      tasks.push(() =>
        runFileTests(
          docker,
          options.image,
          spec.fileTests,
          { labels: options.labels, name: `${options.prefix}-files`, platform: options.platform },
          spec.licenseTests,
        ),
      );
    }
    const metadata = spec.metadataTest;
    if (metadata) tasks.push(() => runMetadataTest(docker, options.image, metadata));
    const results = (await runLimited(tasks, options.parallelism))
      .flat()
      .map((result) => (options.platform ? { ...result, platform: options.platform } : result));
    for (const result of results) await showResult(result, options.log);
    return results;
  } finally {
    await services?.stop();
  }
}

/** One collapsible group per test, printed when it ends (tests run in parallel, so never interleaved). */
async function showResult(result: TestResult, log: Logger): Promise<void> {
  const passthrough = createLogPassthrough();
  const title = `${result.passed ? 'passed' : result.timedOut ? 'timed out' : 'FAILED'}: ${testLabel(result)}`;
  await log.group(title, async () => {
    passthrough.start();
    if (!result.passed)
      passthrough.line(`expected: ${result.expected ?? ''}\nseen:     ${result.actual ?? ''}`);
    if (result.output) passthrough.line(result.output);
    passthrough.stop();
  });
}
