import type { RebuildForCache } from '../cache/cache.js';
import type { CachePlan } from '../cache/plan.js';
import { InputError } from '../common/errors.js';
import type { BuilderChoice } from '../engine/builders.js';
import type { BuildSettings } from '../settings/build.js';
import { hostPlatform, type Provenance } from '../settings/platforms.js';
import { readFile, rm } from 'node:fs/promises';
import { withGuardedOutput } from '../engine/exec.js';
import { join } from 'node:path';
import { buildxPushCommand, metadataDigest } from './arguments.js';
import {
  BuildError,
  buildImage,
  checkBuild,
  type BuildInput,
  type BuildPrograms,
  type BuildResult,
} from './build.js';
import { buildxHasChecks, checkAnnotation } from './checks.js';

/** One platform's image of a multi-platform build, in the engine under a run-scoped temporary name. */
export interface PlatformImage {
  platform: string;
  imageId: string;
  /** `shipshape-<run>/linux-arm64:build`: removed by the end of the run. */
  reference: string;
  /** The image in buildah's storage (buildah only): what its manifest list is made of. */
  buildahImage?: string;
}

export interface BuildStageResult extends BuildResult {
  /** Image IDs the run's tags pointed to before this build moved them: left dangling by this run. */
  replacedImages: string[];
  /**
   * Each platform's image when `platforms` names several (empty otherwise); `imageId` is then the
   * image the run's tags point to on the runner: the runner's own platform's, else the first one's.
   */
  platforms: PlatformImage[];
}

/** What a build runs with: its programs, the planned cache, the run's labels, a scratch directory. */
export interface BuildContext {
  programs: BuildPrograms;
  cache: CachePlan;
  ownershipLabels: Record<string, string>;
  workDir: string;
  /** Names the per-platform images (`shipshape-<run>/…`): the short run ID. */
  runId?: string;
  /** The engine host's architecture (`amd64`): whose platform's image gets the run's tags. */
  hostArch?: string;
  /** Several platforms: each platform's own cache plan (`cache` when there is none). */
  cacheFor?: (platform: string) => CachePlan;
}

/**
 * The image the tests run on: one build with the planned cache, tagged with every reference. With
 * several `platforms`, one build per platform (each handed to the engine under a temporary name,
 * from the same cache), and the run's tags on the runner's own platform's image.
 */
/** A build check's finding, ready to be an annotation on the Dockerfile line. */
type CheckAnnotation = ReturnType<typeof checkAnnotation>;

export interface CheckStageResult {
  warnings: CheckAnnotation[];
  /** The Dockerfile did not parse, so its rules were not checked. */
  error?: CheckAnnotation;
}

/**
 * `call: check`: buildx's build checks instead of a build (build-push-action's `call: check`). Each
 * finding comes back as an annotation on its Dockerfile line; nothing is built, tagged or cached.
 */
export async function checkStage(
  settings: BuildSettings,
  programs: BuildPrograms,
  context: { buildxVersion?: string; workspace: string },
): Promise<CheckStageResult> {
  if (context.buildxVersion && !buildxHasChecks(context.buildxVersion)) {
    throw new InputError(
      'call',
      'check',
      `buildx ${context.buildxVersion} (${programs.builder.client}) has no build checks; buildx 0.15 or later has. Install a newer one (docker/setup-buildx-action installs the latest), or leave 'call' at 'build'.`,
    );
  }
  const checked = await checkBuild(programs, settings);
  if (!checked.result) {
    throw new Error(
      `buildx's build checks gave no result (exit code ${checked.exitCode}):\n${checked.log.slice(-10).join('\n')}`,
    );
  }
  const annotate = (finding: Parameters<typeof checkAnnotation>[0]) =>
    checkAnnotation(finding, settings.file, context.workspace);
  const { warnings, error } = checked.result;
  return { warnings: warnings.map(annotate), ...(error ? { error: annotate(error) } : {}) };
}

export async function buildStage(settings: BuildSettings, context: BuildContext): Promise<BuildStageResult> {
  const { docker } = context.programs;
  // Tags this build moves leave their old images dangling: those are this run's doing.
  const previous = await docker.inspectImages(settings.references);
  const replaced = (imageId: string) => previous.map((image) => image.Id).filter((id) => id !== imageId);
  if (settings.platforms.length <= 1) {
    const [platform] = settings.platforms;
    let build = await buildImage(context.programs, buildInput(settings, context), context.workDir);
    let madeFor = platform ? await platformMade(docker, build.imageId, platform) : undefined;
    if (madeFor && context.programs.builder.kind === 'legacy' && !settings.pull) {
      // The legacy builder takes a base already in the engine whatever its platform (a multi-platform
      // run leaves the last platform's there): build again with the base pulled for this platform.
      const created = build.createdImages;
      build = await buildImage(
        context.programs,
        { ...buildInput(settings, context), pull: true },
        context.workDir,
      );
      build = { ...build, createdImages: [...created, ...build.createdImages] };
      madeFor = await platformMade(docker, build.imageId, platform!);
    }
    if (madeFor) throw new BuildError(wrongPlatform(context, platform!, madeFor), build.createdImages);
    return { ...build, replacedImages: replaced(build.imageId), platforms: [] };
  }
  const started = Date.now();
  const platforms: PlatformImage[] = [];
  const createdImages: string[] = [];
  const buildahImages: string[] = [];
  const log: string[] = [];
  let last: BuildResult | undefined;
  for (const platform of settings.platforms) {
    const reference = platformReference(context.runId ?? String(process.pid), platform);
    try {
      last = await buildImage(
        context.programs,
        {
          ...buildInput(settings, context),
          references: [reference],
          platforms: [platform],
          cache: context.cacheFor?.(platform) ?? context.cache,
          pull: pullsPlatformBase(settings.pull, context),
        },
        context.workDir,
        `Build ${platform}`,
      );
    } catch (error) {
      // The platforms built so far go with their temporary names.
      if (platforms.length > 0) await docker.removeImages(platforms.map((image) => image.reference));
      if (error instanceof BuildError) {
        throw new BuildError(`${platform}: ${error.message}`, [...createdImages, ...error.createdImages]);
      }
      throw error;
    }
    createdImages.push(...last.createdImages);
    buildahImages.push(...last.buildahImages);
    platforms.push({ platform, imageId: last.imageId, reference, buildahImage: last.buildahImages[0] });
    const madeFor = await platformMade(docker, last.imageId, platform);
    if (madeFor) {
      await docker.removeImages(platforms.map((image) => image.reference));
      throw new BuildError(`${platform}: ${wrongPlatform(context, platform, madeFor)}`, createdImages);
    }
    log.push(...last.log);
  }
  const local = localPlatformImage(platforms, context.hostArch ?? '');
  for (const reference of settings.references) await docker.tag(local.imageId, reference);
  return {
    imageId: local.imageId,
    builder: last!.builder,
    createdImages,
    buildahImages,
    durationMs: Date.now() - started,
    log,
    replacedImages: replaced(local.imageId),
    platforms,
  };
}

/**
 * One platform's build of several: the legacy builder takes a base image already in the engine
 * whatever its platform (the engine keeps one platform per tag), so each platform's build, and
 * each cache rebuild for it, pulls its own.
 */
function pullsPlatformBase(pull: boolean | undefined, context: BuildContext): boolean {
  return Boolean(pull) || context.programs.builder.kind === 'legacy';
}

/** The image's `os/arch` when it is not of `platform` (variants aside); undefined when it is, or unknown. */
async function platformMade(
  docker: BuildPrograms['docker'],
  imageId: string,
  platform: string,
): Promise<string | undefined> {
  const [made] = await docker.inspectImages([imageId]);
  const madeFor = made ? `${made.Os ?? ''}/${made.Architecture ?? ''}` : '';
  return made && madeFor !== platform.split('/').slice(0, 2).join('/') ? madeFor : undefined;
}

function wrongPlatform(context: BuildContext, platform: string, madeFor: string): string {
  return `the ${context.programs.builder.kind} builder made a ${madeFor} image for platform ${platform} (its base image is not of that platform?). Give a base image with every platform of 'platforms' (an image index), or use BuildKit.`;
}

/**
 * buildx with a builder that can push: one `buildx build --push` of every platform with the same
 * arguments as the per-platform builds (answered from their cache), BuildKit writing the index, the
 * attestations and the annotations. Returns the digest buildx's metadata file gives.
 */
export function buildxPusher(
  settings: BuildSettings,
  context: BuildContext,
): (dir: string) => Promise<string> {
  return async (dir) => {
    const stamp = `${process.pid}-${Date.now()}`;
    const metadataFile = join(dir, `metadata-${stamp}.json`);
    const request = {
      ...buildInput(settings, context),
      iidFile: join(dir, `iid-push-${stamp}`),
      secretFiles: [],
    };
    const { args, env } = buildxPushCommand(request, {
      metadataFile,
      provenance: settings.provenance,
      sbom: settings.sbom,
      annotations: settings.annotations,
    });
    const { client, log } = context.programs;
    const result = await log.group(`Push ${settings.platforms.join(', ')} with buildx`, () =>
      withGuardedOutput(
        (text) => log.info(text.replace(/\n$/, '')),
        (line) => client.build(args, { env, cwd: settings.context, onLine: line }),
      ),
    );
    if (result.exitCode !== 0) {
      throw new Error(
        `buildx build --push failed (exit code ${result.exitCode}): ${result.stderr.trim().split('\n').slice(-5).join('\n')}`,
      );
    }
    const digest = metadataDigest(await readFile(metadataFile, 'utf8').catch(() => ''));
    await rm(metadataFile, { force: true });
    if (!digest) throw new Error('buildx build --push wrote no containerimage.digest in its metadata file.');
    return digest;
  };
}

/** The run-scoped temporary name of one platform's image: `shipshape-<run>/linux-arm64-v8:build`. */
export function platformReference(runId: string, platform: string): string {
  const id =
    runId
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'run';
  return `shipshape-${id}/${platform.replace(/[^a-z0-9]+/g, '-')}:build`;
}

/** The image a later step of the job runs by the run's tags: the host's own platform's, else the first. */
export function localPlatformImage(platforms: PlatformImage[], hostArch: string): PlatformImage {
  const platform = hostPlatform(
    platforms.map((image) => image.platform),
    hostArch,
  );
  return platforms.find((image) => image.platform === platform) ?? platforms[0];
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
  return async (stage, reference, importCache, platform) => {
    // Several platforms: the platform's own build, with its own cache plan.
    const cache = platform?.cache ?? context.cache;
    const again = await buildImage(
      context.programs,
      {
        ...input,
        ...(platform ? { platforms: [platform.name], pull: pullsPlatformBase(input.pull, context) } : {}),
        target: stage ?? input.target,
        references: [reference],
        cache: importCache ? cache : { ...cache, from: [] },
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
    // Ownership labels last: no label of the user's can take their names (they are refused anyway).
    labels: { ...settings.labels, ...context.ownershipLabels },
    target: settings.target,
    platforms: settings.platforms,
    pull: settings.pull,
    noCache: settings.noCache,
    secrets: settings.secrets,
    givenSecretFiles: settings.secretFiles,
    addHosts: settings.addHosts,
    shmSize: settings.shmSize,
    ulimits: settings.ulimits,
    network: settings.network,
    ssh: settings.ssh,
    buildContexts: settings.buildContexts,
    noCacheFilters: settings.noCacheFilters,
    userCache: { from: settings.cacheFrom, to: settings.cacheTo },
    cache: context.cache,
  };
}

/** Inputs the chosen builder cannot honour fail before the build, naming the input. */
export function checkBuilderSupports(settings: BuildSettings, builder: BuilderChoice): void {
  const buildxOnly: [string, string[]][] = [
    ['no-cache-filters', settings.noCacheFilters],
    ['cache-from', settings.cacheFrom],
    ['cache-to', settings.cacheTo],
  ];
  if (settings.call === 'check' && builder.kind !== 'buildx') {
    throw new InputError(
      'call',
      'check',
      `build checks are buildx's (0.15 or later, with the Dockerfile frontend 1.8); this build uses the ${builder.kind} builder (${builder.reason}), which has none. Set up buildx (docker/setup-buildx-action), or leave 'call' at 'build'.`,
    );
  }
  for (const [input, values] of builder.kind === 'buildx' ? [] : buildxOnly) {
    if (values.length === 0) continue;
    throw new InputError(
      input,
      values.join(', '),
      `only buildx takes it (this build uses the ${builder.kind} builder: ${builder.reason}). Set up buildx (docker/setup-buildx-action), or use 'cache' for the layer cache.`,
    );
  }
  if ((builder.kind === 'buildkit' || builder.kind === 'legacy') && settings.buildContexts.length > 0) {
    throw new InputError(
      'build-contexts',
      settings.buildContexts.join(', '),
      `the ${builder.kind === 'legacy' ? 'legacy builder' : "engine's built-in BuildKit"} has no extra build contexts (${builder.reason}). Use buildx (docker/setup-buildx-action) or 'builder: buildah'.`,
    );
  }
  if (builder.kind === 'legacy' && settings.ssh.length > 0) {
    throw new InputError(
      'ssh',
      settings.ssh.join(', '),
      `the legacy builder cannot forward SSH agents (${builder.reason}). Use BuildKit (buildx, or a docker client that drives the engine's BuildKit) or 'builder: buildah'.`,
    );
  }
  if (builder.kind === 'buildah' && settings.network === 'none' && settings.addHosts.length > 0) {
    throw new InputError(
      'add-hosts',
      settings.addHosts.join(', '),
      "buildah makes no /etc/hosts for a build without network ('network: none'), so these entries would be lost. Leave 'network' at its default, or build with BuildKit (buildx, or the engine's) or the legacy builder.",
    );
  }
  if (builder.kind === 'buildkit') {
    // The engine's built-in BuildKit (Docker 20.10) takes these flags and ignores them: a build
    // that asked for a bigger /dev/shm or more open files would run without them, silently.
    const ignored = [
      settings.shmSize ? ['shm-size', settings.shmSize] : undefined,
      settings.ulimits.length > 0 ? ['ulimit', settings.ulimits.join(', ')] : undefined,
    ].find((item): item is [string, string] => item !== undefined);
    if (ignored) {
      throw new InputError(
        ignored[0],
        ignored[1],
        `the engine's built-in BuildKit ignores it (${builder.reason}). Use buildx (docker/setup-buildx-action), 'builder: buildah', or the legacy builder (DOCKER_BUILDKIT=0 in the step's env), which honour it.`,
      );
    }
  }
  if (settings.secrets.length + settings.secretFiles.length > 0 && builder.kind === 'legacy') {
    throw new InputError(
      settings.secrets.length > 0 ? 'secrets' : 'secret-files',
      [...settings.secrets, ...settings.secretFiles].map((secret) => secret.id).join(', '),
      `the legacy builder has no build secrets (${builder.reason}). Use BuildKit (buildx, or a docker client that drives the engine's BuildKit) or 'builder: buildah'.`,
    );
  }
  if (builder.kind !== 'buildx') {
    const attestations = [
      settings.provenance ? ['provenance', provenanceText(settings.provenance)] : undefined,
      settings.sbom ? ['sbom', 'true'] : undefined,
    ].filter((item): item is [string, string] => item !== undefined);
    for (const [input, value] of attestations) {
      throw new InputError(
        input,
        value,
        `the ${builder.kind} builder makes no attestations (${builder.reason}); only buildx with a builder that can push (docker/setup-buildx-action's docker-container driver, remote or kubernetes) makes them. Set up buildx, or set '${input}: false'.`,
      );
    }
    const manifestLevel = settings.annotations.filter(
      (a) =>
        a.levels.length === 0 || a.levels.includes('manifest') || a.levels.includes('manifest-descriptor'),
    );
    if (manifestLevel.length > 0) {
      throw new InputError(
        'annotations',
        manifestLevel.map((a) => `${a.levels.join(',') || 'manifest'}:${a.key}`).join(', '),
        `the ${builder.kind} builder writes no manifest annotations; only buildx does. Give 'index:' (or 'index-descriptor:') annotations, which Shipshape writes on the image index of several platforms, or set up buildx.`,
      );
    }
  }
  if (settings.annotations.length > 0 && settings.platforms.length <= 1 && builder.kind !== 'buildx') {
    throw new InputError(
      'annotations',
      settings.annotations.map((a) => `${a.levels.join(',')}:${a.key}`).join(', '),
      "index annotations go on the image index of several platforms; with one platform there is none. Give several 'platforms', or set up buildx.",
    );
  }
}

function provenanceText(provenance: Provenance): string {
  return [`mode=${provenance.mode}`, ...provenance.attributes.map(([k, v]) => `${k}=${v}`)].join(',');
}
