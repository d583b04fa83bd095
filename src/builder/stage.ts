import type { RebuildForCache } from '../cache/cache.js';
import type { CachePlan } from '../cache/plan.js';
import { InputError } from '../common/errors.js';
import type { BuilderChoice } from '../engine/builders.js';
import type { BuildSettings } from '../settings/build.js';
import { buildImage, type BuildInput, type BuildPrograms, type BuildResult } from './build.js';

export interface BuildStageResult extends BuildResult {
  /** Image IDs the run's tags pointed to before this build moved them: left dangling by this run. */
  replacedImages: string[];
}

/** What a build runs with: its programs, the planned cache, the run's labels, a scratch directory. */
export interface BuildContext {
  programs: BuildPrograms;
  cache: CachePlan;
  ownershipLabels: Record<string, string>;
  workDir: string;
}

/** The image the tests run on: one build with the planned cache, tagged with every reference. */
export async function buildStage(settings: BuildSettings, context: BuildContext): Promise<BuildStageResult> {
  const { docker } = context.programs;
  // Tags this build moves leave their old images dangling: those are this run's doing.
  const previous = await docker.inspectImages(settings.references);
  const build = await buildImage(context.programs, buildInput(settings, context), context.workDir);
  return { ...build, replacedImages: previous.map((image) => image.Id).filter((id) => id !== build.imageId) };
}

/**
 * A cache image is built again, with or without the imported cache (see cache/plan.ts): the same
 * build, another target and tag. Each rebuild's created images are added to `created`.
 */
export function cacheRebuilder(
  settings: BuildSettings,
  context: BuildContext,
  created: string[],
): RebuildForCache {
  const input = buildInput(settings, context);
  return async (stage, reference, importCache) => {
    const again = await buildImage(
      context.programs,
      {
        ...input,
        target: stage ?? input.target,
        references: [reference],
        cache: importCache ? context.cache : { ...context.cache, from: [] },
      },
      context.workDir,
      `Cache image ${reference}${importCache ? '' : ' (local cache only)'}`,
    );
    created.push(...again.createdImages);
  };
}

function buildInput(
  settings: BuildSettings,
  context: Pick<BuildContext, 'cache' | 'ownershipLabels'>,
): BuildInput {
  return {
    context: settings.context,
    file: settings.file,
    references: settings.references,
    buildArgs: settings.buildArgs,
    // Ownership labels first, so a user's label of the same name wins.
    labels: { ...context.ownershipLabels, ...settings.labels },
    target: settings.target,
    platforms: settings.platforms,
    pull: settings.pull,
    noCache: settings.noCache,
    secrets: settings.secrets,
    cache: context.cache,
  };
}

/** Inputs the chosen builder cannot honour fail before the build, naming the input. */
export function checkBuilderSupports(settings: BuildSettings, builder: BuilderChoice): void {
  if (settings.secrets.length > 0 && builder.kind === 'legacy') {
    throw new InputError(
      'secrets',
      settings.secrets.map((secret) => secret.id).join(', '),
      `the legacy builder has no build secrets (${builder.reason}). Use BuildKit (buildx, or a docker client that drives the engine's BuildKit) or 'builder: buildah'.`,
    );
  }
  if (settings.platforms.length > 1 && builder.kind !== 'buildx' && builder.kind !== 'buildah') {
    throw new InputError(
      'platforms',
      settings.platforms.join(','),
      `several platforms need buildx or buildah; the ${builder.kind} builder builds one. Set up buildx or give one platform.`,
    );
  }
}
