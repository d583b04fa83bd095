import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../common/logger.js';
import type { BuilderChoice } from '../engine/builders.js';
import type { Buildah } from '../engine/buildah.js';
import { probeDockerClients, type DockerClient } from '../engine/clients.js';
import type { Docker, ServerInfo } from '../engine/docker.js';
import { createLogPassthrough, type ExecResult } from '../engine/exec.js';
import { parseCheckResult, type CheckResult } from './checks.js';
import {
  buildCommand,
  checkCommand,
  buildErrorSummary,
  legacyCreatedImages,
  createdDuring,
  legacyLabelInstruction,
  type BuildRequest,
} from './arguments.js';
import { chooseBuilder, type BuilderRequest } from './builder.js';

export interface BuildResult {
  /** The image's ID in the Docker engine, where tests run it. */
  imageId: string;
  builder: BuilderChoice;
  /** Every Docker image this build created (final and intermediate), for the post step's cleanup. */
  createdImages: string[];
  /** Images this build left in buildah's storage. */
  buildahImages: string[];
  durationMs: number;
  log: string[];
}

export class BuildError extends Error {
  constructor(
    message: string,
    readonly createdImages: string[],
  ) {
    super(message);
  }
}

/** The programs a build uses: the builder's own client, and the engine that receives the image. */
export interface BuildPrograms {
  builder: BuilderChoice;
  /** The builder's docker client (buildx, BuildKit, legacy); unused for buildah. */
  client: Docker;
  /** The engine's default client: where tests run the image. */
  docker: Docker;
  buildah: Buildah;
  log: Logger;
}

export async function detectBuilder(
  server: ServerInfo,
  requested: BuilderRequest['requested'],
  buildah: Buildah,
  /** The docker clients on PATH, when the step started probing them earlier (`probeDockerClients`). */
  probed: Promise<DockerClient[]> = probeDockerClients(),
): Promise<BuilderChoice> {
  const [clients, buildahVersion] = await Promise.all([
    probed,
    requested === 'buildah' ? buildah.version() : Promise.resolve(''),
  ]);
  return chooseBuilder(clients, server, process.env, { requested, buildahVersion });
}

export type BuildInput = Omit<BuildRequest, 'iidFile' | 'secretFiles'> & {
  secrets?: { id: string; value: string }[];
  /** `secret-files`: handed to the builder as they are. */
  givenSecretFiles?: { id: string; path: string }[];
};

/** Runs one build, streaming its log into a collapsible group of the job log. */
export async function buildImage(
  programs: BuildPrograms,
  input: BuildInput,
  tempDir: string,
  title = 'Build',
): Promise<BuildResult> {
  const { builder } = programs;
  const stamp = `${process.pid}-${Date.now()}`;
  const iidFile = join(tempDir, `iid-${stamp}`);
  const written = await writeSecretFiles(input.secrets ?? [], tempDir, stamp);
  const secretFiles = [...written, ...(input.givenSecretFiles ?? [])];
  const labelled = builder.kind === 'legacy' ? await labelInDockerfile(input, tempDir, stamp) : {};
  const { args, env } = buildCommand(builder.kind, { ...input, ...labelled, iidFile, secretFiles });
  const started = Date.now();
  let run: { result: ExecResult; log: string[] };
  try {
    run = await programs.log.group(`${title} with ${builder.kind} (${builder.client})`, () =>
      runBuild(programs, args, { env, cwd: input.context }),
    );
  } finally {
    await Promise.all(written.map(({ path }) => rm(path, { force: true })));
    if (labelled.file) await rm(labelled.file, { force: true });
  }
  const { result, log } = run;
  const candidates = builder.kind === 'legacy' ? legacyCreatedImages(log) : [];
  const createdImages =
    candidates.length > 0
      ? createdDuring(await programs.docker.inspectImages(candidates), candidates, started)
      : [];
  if (result.exitCode !== 0) {
    throw new BuildError(
      `The build failed (exit code ${result.exitCode}):\n${buildErrorSummary(log)}`,
      createdImages,
    );
  }
  const builtId = (await readFile(iidFile, 'utf8')).trim();
  await rm(iidFile, { force: true });
  const durationMs = () => Date.now() - started;
  if (builder.kind !== 'buildah') {
    const created = [...createdImages, builtId];
    return {
      imageId: builtId,
      builder,
      createdImages: created,
      buildahImages: [],
      durationMs: durationMs(),
      log,
    };
  }
  const imageId = await copyToDocker(programs, builtId, input.references);
  return {
    imageId,
    builder,
    createdImages: [imageId],
    buildahImages: [builtId],
    durationMs: durationMs(),
    log,
  };
}

/**
 * `call: check`: buildx's build checks, streamed into a collapsible group of the job log. `result` is
 * undefined when buildx printed no lint result (it failed before checking).
 */
export async function checkBuild(
  programs: BuildPrograms,
  input: Parameters<typeof checkCommand>[0],
): Promise<{ result?: CheckResult; exitCode: number; log: string[] }> {
  const args = checkCommand(input);
  const { result, log } = await programs.log.group(
    `Build checks with buildx (${programs.builder.client})`,
    () => runBuild(programs, args, { env: {}, cwd: input.context }),
  );
  return { result: parseCheckResult(result.stdout), exitCode: result.exitCode, log };
}

/**
 * The legacy builder: the labels as one `LABEL` instruction at the end of a copy of the Dockerfile
 * (one step instead of one per label). Not with `target` (the last stage may not be the one built),
 * nor where one instruction cannot hold them: then `--label` as usual.
 */
async function labelInDockerfile(
  input: BuildInput,
  tempDir: string,
  stamp: string,
): Promise<Partial<Pick<BuildInput, 'file' | 'labels'>>> {
  if (input.target || Object.keys(input.labels).length === 0) return {};
  const dockerfile = await readFile(input.file, 'utf8').catch(() => undefined);
  const instruction = dockerfile === undefined ? undefined : legacyLabelInstruction(input.labels, dockerfile);
  if (dockerfile === undefined || !instruction) return {};
  const file = join(tempDir, `Dockerfile-${stamp}`);
  await writeFile(file, `${dockerfile}\n${instruction}\n`);
  return { file, labels: {} };
}

/** Secrets reach the builder as files only this user can read, removed right after the build. */
function writeSecretFiles(
  secrets: { id: string; value: string }[],
  tempDir: string,
  stamp: string,
): Promise<{ id: string; path: string }[]> {
  return Promise.all(
    secrets.map(async ({ id, value }) => {
      const path = join(tempDir, `secret-${stamp}-${id}`);
      await writeFile(path, value, { mode: 0o600 });
      return { id, path };
    }),
  );
}

/** The builder's output goes to the job log with workflow commands switched off, and is kept. */
async function runBuild(
  programs: BuildPrograms,
  args: string[],
  options: { env: Record<string, string>; cwd: string },
): Promise<{ result: ExecResult; log: string[] }> {
  const log: string[] = [];
  const passthrough = createLogPassthrough();
  passthrough.start();
  try {
    const onLine = (line: string) => {
      log.push(line);
      passthrough.line(line);
    };
    const program = programs.builder.kind === 'buildah' ? programs.buildah : programs.client;
    return { result: await program.build(args, { ...options, onLine }), log };
  } finally {
    passthrough.stop();
  }
}

/** Tests run on the Docker engine: hand buildah's image to it under every reference. */
async function copyToDocker(
  programs: BuildPrograms,
  buildahImage: string,
  references: string[],
): Promise<string> {
  const { docker, buildah } = programs;
  const [first, ...others] = references;
  const pushed = await buildah.pushToDocker(buildahImage, first);
  if (pushed.exitCode !== 0) {
    throw new BuildError(
      `Copying the image from buildah to the Docker engine failed: ${pushed.stderr.trim()}`,
      [],
    );
  }
  for (const reference of others) await docker.tag(first, reference);
  const [image] = await docker.inspectImages([first]);
  if (!image)
    throw new BuildError(`The Docker engine does not have ${first} after buildah handed it over.`, []);
  return image.Id;
}
