import type { Docker } from '../engine/docker.js';
import type { ServiceSpec } from '../settings/test-types.js';

const POLL_MS = 250;
const LOG_LINES = 20;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The service images not present locally; services are never pulled. */
export async function checkServiceImages(docker: Docker, services: ServiceSpec[]): Promise<string[]> {
  const images = [...new Set(services.map((service) => service.image))];
  const present = await Promise.all(images.map((image) => docker.imageExists(image)));
  return images.filter((_, index) => !present[index]);
}

/** Polls until the service is ready; throws, naming it and showing its last log lines, when it is not. */
async function waitReady(docker: Docker, service: ServiceSpec, container: string): Promise<void> {
  const deadline = Date.now() + service.timeout * 1000;
  let last = '';
  for (;;) {
    const state = await docker.inspectContainer(container);
    if (!state || state.status === 'exited' || state.status === 'dead') {
      last = state ? `the container exited with code ${state.exitCode}` : 'the container is gone';
      break; // waiting longer cannot help
    }
    if (service.readiness) {
      const remaining = Math.max(1000, deadline - Date.now());
      const probe = await docker.execInContainer(container, service.readiness, remaining);
      if (probe.exitCode === 0) return;
      const said = (probe.stderr || probe.stdout).trim().split('\n').pop();
      last = `readiness command exited with ${probe.exitCode}${said ? `: ${said}` : ''}`;
    } else if (state.health) {
      if (state.health === 'healthy') return;
      last = `health status ${state.health}`;
    } else if (state.status === 'running') {
      return;
    } else {
      last = `status ${state.status}`;
    }
    if (Date.now() >= deadline) break;
    await sleep(POLL_MS);
  }
  const logs = (await docker.containerLogs(container, LOG_LINES)).trim();
  throw new Error(
    `Service '${service.name}' (${service.image}) was not ready within ${service.timeout} s: ${last}.` +
      (logs ? `\nLast log lines:\n${logs}` : '\nIt printed nothing.'),
  );
}

/**
 * Starts the services on a private network, each reachable by its name, and waits until all are
 * ready. On failure everything started is removed before the error is thrown.
 */
export async function startServices(
  docker: Docker,
  services: ServiceSpec[],
  options: { labels: Record<string, string>; prefix: string },
): Promise<{ network: string; stop(): Promise<void> }> {
  const network = `${options.prefix}-net`;
  const containers: string[] = [];
  let networkCreated = false;
  const stop = async () => {
    // `rm --force --volumes`: anonymous volumes (from VOLUME) go with their container.
    await docker.removeContainers(containers);
    if (networkCreated) await docker.removeNetwork(network);
  };
  try {
    await docker.createNetwork(network, options.labels);
    networkCreated = true;
    for (const service of services) {
      const name = `${options.prefix}-${service.name}`;
      // Recorded before `run`: a failed run can still leave a created container behind.
      containers.push(name);
      const run = await docker.startContainer({
        image: service.image,
        name,
        network,
        networkAlias: service.name,
        labels: options.labels,
        env: service.env,
        command: service.command,
      });
      if (run.exitCode !== 0) {
        throw new Error(`Service '${service.name}' (${service.image}) did not start: ${run.stderr.trim()}`);
      }
    }
    await Promise.all(services.map((service, index) => waitReady(docker, service, containers[index])));
    return { network, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
