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
 * Image IDs the legacy builder created, read from its log: each step ends with ` ---> <id>`. Not
 * this build's: the image a `FROM` step names, and a step answered from the cache, which prints
 * ` ---> Using cache` first.
 */
export function legacyCreatedImages(log: string[]): string[] {
  const created: string[] = [];
  let notOurs = false;
  for (const line of log) {
    const text = line.trim();
    if (/^Step \d+\/\d+ : /.test(text)) {
      notOurs = /^Step \d+\/\d+ : FROM\s/i.test(text);
    } else if (text === '---> Using cache') {
      notOurs = true;
    } else {
      const id = /^---> ([a-f0-9]{12})$/.exec(text)?.[1];
      if (id && !notOurs) created.push(id);
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
