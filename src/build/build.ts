import * as core from '@actions/core';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Docker, findDockerExecutables, probeDockerClient, type ServerInfo } from '../engine/docker.js';
import { createLogPassthrough } from '../engine/exec.js';
import { buildCommand, buildErrorSummary, legacyCreatedImages, type BuildRequest } from './arguments.js';
import { chooseBuilder, type BuilderChoice } from './builder.js';

export interface BuildResult {
  imageId: string;
  builder: BuilderChoice;
  /** Every image this build created (final and intermediate), for the post step's cleanup. */
  createdImages: string[];
  durationMs: number;
}

export class BuildError extends Error {
  constructor(
    message: string,
    readonly createdImages: string[],
  ) {
    super(message);
  }
}

export async function detectBuilder(server: ServerInfo): Promise<BuilderChoice> {
  const clients = await Promise.all(findDockerExecutables().map((path) => probeDockerClient(path)));
  return chooseBuilder(clients, server, process.env);
}

/** Runs the build, streaming its log into a collapsible group of the job log. */
export async function buildImage(
  builder: BuilderChoice,
  request: Omit<BuildRequest, 'iidFile'>,
  tempDir: string,
): Promise<BuildResult> {
  const iidFile = join(tempDir, `iid-${process.pid}-${Date.now()}`);
  const { args, env } = buildCommand(builder.kind, { ...request, iidFile });
  const log: string[] = [];
  const passthrough = createLogPassthrough();
  const started = Date.now();
  core.startGroup(`Build with ${builder.kind} (${builder.client})`);
  passthrough.start();
  const result = await new Docker(builder.client).exec(args, {
    env,
    onLine: (line) => {
      log.push(line);
      passthrough.line(line);
    },
  });
  passthrough.stop();
  core.endGroup();
  const createdImages = builder.kind === 'legacy' ? legacyCreatedImages(log) : [];
  if (result.exitCode !== 0) {
    throw new BuildError(
      `The build failed (exit code ${result.exitCode}):\n${buildErrorSummary(log)}`,
      createdImages,
    );
  }
  const imageId = (await readFile(iidFile, 'utf8')).trim();
  await rm(iidFile, { force: true });
  return { imageId, builder, createdImages: [...createdImages, imageId], durationMs: Date.now() - started };
}
