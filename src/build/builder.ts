import type { DockerClient, ServerInfo } from '../engine/docker.js';

export type BuilderKind = 'buildx' | 'buildkit' | 'legacy';

export interface BuilderChoice {
  kind: BuilderKind;
  /** The docker client that runs the build; may differ from the first one on PATH. */
  client: string;
  reason: string;
}

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
): BuilderChoice {
  const first = clients[0];
  if (!first)
    throw new Error('No docker client found on PATH. Install Docker (the docker CLI) on the runner.');
  if (env.DOCKER_BUILDKIT === '0') {
    return { kind: 'legacy', client: first.path, reason: 'DOCKER_BUILDKIT=0 asks for the legacy builder' };
  }
  const withBuildx = clients.find((client) => client.hasBuildx);
  if (withBuildx) {
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
      reason: `no buildx; ${builtin.path} (client ${builtin.version}) drives the engine's built-in BuildKit (engine ${server.version})`,
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
