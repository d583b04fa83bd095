import type { BuilderChoice } from '../engine/builders.js';
import type { DockerClient, ServerInfo } from '../engine/docker.js';

/** What `builder` asked for and what the machine has besides docker clients. */
export interface BuilderRequest {
  requested: 'auto' | 'buildx' | 'docker' | 'buildah';
  /** buildah's version, empty when it is not installed. */
  buildahVersion: string;
}

class BuilderUnavailableError extends Error {}

/** Docker 23 made the CLI hand BuildKit builds to buildx; older clients speak BuildKit themselves. */
const FIRST_CLIENT_WITHOUT_BUILTIN_BUILDKIT = 23;
/** BuildKit became part of the engine in 18.09. */
const FIRST_ENGINE_WITH_BUILDKIT = [18, 9];

/**
 * Picks the builder from what the machine has: buildx when a client has it (GitHub-hosted
 * runners), else a client that can drive the engine's built-in BuildKit (Debian's docker.io beside
 * a newer client without buildx), else the legacy builder. `DOCKER_BUILDKIT=0` asks for the legacy
 * builder, as it does for `docker build`.
 */
export function chooseBuilder(
  clients: DockerClient[],
  server: ServerInfo,
  env: NodeJS.ProcessEnv,
  request: BuilderRequest = { requested: 'auto', buildahVersion: '' },
): BuilderChoice {
  if (request.requested === 'buildah') {
    if (!request.buildahVersion) {
      throw new BuilderUnavailableError(
        "Input 'builder' has value 'buildah': buildah is not installed. Install it (apt-get install buildah) or use 'auto'.",
      );
    }
    return {
      kind: 'buildah',
      client: 'buildah',
      reason: `builder: buildah (buildah ${request.buildahVersion})`,
    };
  }
  const first = clients[0];
  if (!first)
    throw new BuilderUnavailableError(
      'No docker client found on PATH. Install Docker (the docker CLI) on the runner.',
    );
  const withBuildx = clients.find((client) => client.hasBuildx);
  if (request.requested === 'buildx') {
    if (!withBuildx) {
      throw new BuilderUnavailableError(
        "Input 'builder' has value 'buildx': no docker client on PATH has the buildx plugin. Install buildx, or use 'auto' or 'docker'.",
      );
    }
    return { kind: 'buildx', client: withBuildx.path, reason: `builder: buildx (${withBuildx.path})` };
  }
  if (env.DOCKER_BUILDKIT === '0') {
    return { kind: 'legacy', client: first.path, reason: 'DOCKER_BUILDKIT=0 asks for the legacy builder' };
  }
  if (withBuildx && request.requested === 'auto') {
    return { kind: 'buildx', client: withBuildx.path, reason: `${withBuildx.path} has the buildx plugin` };
  }
  const engineHasBuildkit = server.os !== 'windows' && atLeast(server.version, FIRST_ENGINE_WITH_BUILDKIT);
  const builtin = clients.find((client) => {
    const major = Number(client.version.split('.')[0]);
    return Number.isFinite(major) && major > 0 && major < FIRST_CLIENT_WITHOUT_BUILTIN_BUILDKIT;
  });
  if (engineHasBuildkit && builtin) {
    return {
      kind: 'buildkit',
      client: builtin.path,
      reason: `${withBuildx ? 'builder: docker' : 'no buildx'}; ${builtin.path} (client ${builtin.version}) drives the engine's built-in BuildKit (engine ${server.version})`,
    };
  }
  if (engineHasBuildkit && withBuildx) {
    // `builder: docker` on a machine whose only BuildKit route is buildx: buildx's docker driver is the engine's BuildKit.
    return {
      kind: 'buildx',
      client: withBuildx.path,
      reason: `the engine's BuildKit through ${withBuildx.path} buildx`,
    };
  }
  const why = !engineHasBuildkit
    ? `the engine (${server.os} ${server.version}) has no BuildKit`
    : `no client has buildx and every client (${clients.map((c) => c.version || '?').join(', ')}) needs it for BuildKit`;
  return { kind: 'legacy', client: first.path, reason: `${why}; using the legacy builder` };
}

function atLeast(version: string, minimum: number[]): boolean {
  const parts = version.split(/[.+-]/).map(Number);
  for (let i = 0; i < minimum.length; i++) {
    const part = parts[i] ?? 0;
    if (!Number.isFinite(part)) return false;
    if (part !== minimum[i]) return part > minimum[i];
  }
  return true;
}
