import type { BuilderKind } from './builder.js';

export interface BuildRequest {
  context: string;
  file: string;
  references: string[];
  buildArgs: string[];
  labels: Record<string, string>;
  target: string;
  iidFile: string;
}

/** The docker CLI arguments and environment for one build, for each kind of builder. */
export function buildCommand(
  kind: BuilderKind,
  request: BuildRequest,
): { args: string[]; env: Record<string, string> } {
  const args =
    kind === 'buildx'
      ? ['buildx', 'build', '--load', '--progress', 'plain']
      : kind === 'buildkit'
        ? ['build', '--progress', 'plain']
        : // --force-rm: a failed legacy build must not leave its intermediate container behind.
          ['build', '--rm', '--force-rm'];
  args.push('--file', request.file, '--iidfile', request.iidFile);
  for (const reference of request.references) args.push('--tag', reference);
  for (const arg of request.buildArgs) args.push('--build-arg', arg);
  for (const [key, value] of Object.entries(request.labels)) args.push('--label', `${key}=${value}`);
  if (request.target) args.push('--target', request.target);
  args.push(request.context);
  return { args, env: { DOCKER_BUILDKIT: kind === 'legacy' ? '0' : '1' } };
}

/**
 * Image IDs the legacy builder created, read from its log: each step ends with ` ---> <id>`, and a
 * step answered from the cache prints ` ---> Using cache` first (that image is not this build's).
 */
export function legacyCreatedImages(log: string[]): string[] {
  const created: string[] = [];
  let cached = false;
  for (const line of log) {
    const text = line.trim();
    if (text === '---> Using cache') {
      cached = true;
      continue;
    }
    const id = /^---> ([a-f0-9]{12})$/.exec(text)?.[1];
    if (id) {
      if (!cached) created.push(id);
      cached = false;
    } else if (text.startsWith('Step ')) {
      cached = false;
    }
  }
  return created;
}

/** The builder's last lines, where both BuildKit and the legacy builder say what went wrong. */
export function buildErrorSummary(log: string[], count = 15): string {
  return log
    .map((line) => line.trimEnd())
    .filter(Boolean)
    .slice(-count)
    .join('\n');
}
