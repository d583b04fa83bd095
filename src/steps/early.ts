import { probeDockerClients, type DockerClient } from '../engine/clients.js';

/**
 * What the main step starts before the rest of the action loads: the docker clients' probes (a
 * process each), which the builder choice waits on. Started from the entry, they run while the
 * step's own chunk loads and the settings are read.
 */
export function probeClientsEarly(): Promise<DockerClient[]> {
  const probes = probeDockerClients();
  probes.catch(() => undefined); // awaited by the builder choice; unhandled only if the run stops first
  return probes;
}
