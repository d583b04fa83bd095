import * as core from '@actions/core';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Buildah } from '../engine/buildah.js';
import { Docker, findDockerExecutables, probeDockerClient, type ServerInfo } from '../engine/docker.js';
import { createLogPassthrough } from '../engine/exec.js';
import { buildCommand, buildErrorSummary, legacyCreatedImages, type BuildRequest } from './arguments.js';
import type { BuilderChoice } from '../engine/builders.js';
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

export async function detectBuilder(
  server: ServerInfo,
  requested: BuilderRequest['requested'],
): Promise<BuilderChoice> {
  const [clients, buildahVersion] = await Promise.all([
    Promise.all(findDockerExecutables().map((path) => probeDockerClient(path))),
    requested === 'buildah' ? new Buildah().version() : Promise.resolve(''),
  ]);
  return chooseBuilder(clients, server, process.env, { requested, buildahVersion });
}

export type BuildInput = Omit<BuildRequest, 'iidFile' | 'secretFiles'> & {
  secrets?: { id: string; value: string }[];
};

/** Runs one build, streaming its log into a collapsible group of the job log. */
export async function buildImage(
  builder: BuilderChoice,
  input: BuildInput,
  tempDir: string,
  title = 'Build',
): Promise<BuildResult> {
  const stamp = `${process.pid}-${Date.now()}`;
  const iidFile = join(tempDir, `iid-${stamp}`);
  // Secrets reach the builder as files only this user can read, removed right after the build.
  const secretFiles = await Promise.all(
    (input.secrets ?? []).map(async ({ id, value }) => {
      const path = join(tempDir, `secret-${stamp}-${id}`);
      await writeFile(path, value, { mode: 0o600 });
      return { id, path };
    }),
  );
  const { args, env } = buildCommand(builder.kind, { ...input, iidFile, secretFiles });
  const log: string[] = [];
  const passthrough = createLogPassthrough();
  const started = Date.now();
  core.startGroup(`${title} with ${builder.kind} (${builder.client})`);
  passthrough.start();
  let result;
  try {
    result = await (builder.kind === 'buildah' ? new Buildah() : new Docker(builder.client)).exec(args, {
      env,
      cwd: input.context,
      onLine: (line) => {
        log.push(line);
        passthrough.line(line);
      },
    });
  } finally {
    passthrough.stop();
    core.endGroup();
    await Promise.all(secretFiles.map(({ path }) => rm(path, { force: true })));
  }
  const createdImages = builder.kind === 'legacy' ? legacyCreatedImages(log) : [];
  if (result.exitCode !== 0) {
    throw new BuildError(
      `The build failed (exit code ${result.exitCode}):\n${buildErrorSummary(log)}`,
      createdImages,
    );
  }
  const builtId = (await readFile(iidFile, 'utf8')).trim();
  await rm(iidFile, { force: true });
  if (builder.kind !== 'buildah') {
    return {
      imageId: builtId,
      builder,
      createdImages: [...createdImages, builtId],
      buildahImages: [],
      durationMs: Date.now() - started,
      log,
    };
  }
  const imageId = await copyToDocker(builtId, input.references);
  return {
    imageId,
    builder,
    createdImages: [imageId],
    buildahImages: [builtId],
    durationMs: Date.now() - started,
    log,
  };
}

/** Tests run on the Docker engine: hand buildah's image to it under every reference. */
async function copyToDocker(buildahImage: string, references: string[]): Promise<string> {
  const docker = new Docker();
  const [first, ...others] = references;
  const pushed = await new Buildah().pushToDocker(buildahImage, first);
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
