import { probeDockerClients, type DockerClient } from '../engine/clients.js';
import { Docker } from '../engine/docker.js';

/** What the main step's entry starts before the rest of the action loads. */
export interface EarlyStart {
  /** The docker clients' probes (a process each, or the runner's memo), which the builder choice waits on. */
  probes: Promise<DockerClient[]>;
  /** The engine client, already asked for the daemon's version and root dir. */
  docker: Docker;
}

/**
 * Started from the entry, these run while the step's own chunk loads and the settings are read: the
 * client probes, the daemon's version (from `/_ping`, which it answers at once) and its root dir
 * (`/info`, slow: it gathers the whole daemon's state).
 */
export function startEarly(): EarlyStart {
  const probes = probeDockerClients();
  probes.catch(() => undefined); // awaited by the builder choice; unhandled only if the run stops first
  const docker = Docker.connect();
  // `/info` once the version is answered: the build waits on the version, not on the root dir.
  docker
    .serverBrief()
    .catch(() => undefined) // asked again, and reported, by the main step
    .finally(() => docker.rootDir().catch(() => undefined));
  return { probes, docker };
}
