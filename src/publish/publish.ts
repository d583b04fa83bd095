import type { Logger } from '../common/logger.js';
import type { Docker } from '../engine/docker.js';
import type { LayerStore } from '../engine/layer-store.js';
import type { RegistryClient } from '../registry/api.js';
import { osArch, readRegistryImage } from '../registry/images.js';
import { pushReferences } from '../registry/push.js';
import type { Annotation, AnnotationLevel } from '../settings/platforms.js';
import type { PublishSettings } from '../settings/publish.js';
import { pushBuildahManifest, type BuildahPlatformImage } from './buildah-manifest.js';
import { pushIndex, type PlatformToPush } from './index-push.js';
import type { Buildah } from '../engine/buildah.js';

export interface PublishResult {
  requested: boolean;
  /** The manifest digest of what was pushed (the image index's for several platforms); empty when nothing was. */
  digest: string;
  /** Why a requested push did not happen. */
  skippedReason?: string;
  /** Each platform's manifest digest, when an image index was pushed. */
  platforms?: { platform: string; digest: string }[];
}

/** What a multi-platform publish needs: each platform's image in the engine, and where to write. */
export interface PlatformsToPublish {
  images: PlatformToPush[];
  registry: RegistryClient;
  workDir: string;
  store: LayerStore | undefined;
  annotations: Annotation[];
  /** buildx with a builder that can push: `buildx build --push` of every platform; returns its digest. */
  pushWithBuildx?: (dir: string) => Promise<string>;
  /** buildah: its manifest list of each platform's image, named `listName` for the run. */
  buildah?: { client: Buildah; listName: string; images: BuildahPlatformImage[] };
}

/**
 * Pushes every reference, only when every test passed; `test-only` builds nothing to push. Several
 * platforms: each platform's image by digest, then one image index per tag (`publish/index-push.ts`).
 */
export async function publishStage(
  settings: PublishSettings,
  context: {
    docker: Docker;
    testOnly: boolean;
    failedTests: number;
    log: Logger;
    platforms?: PlatformsToPublish;
  },
): Promise<PublishResult> {
  const requested = settings.push;
  if (!requested) return { requested, digest: '' };
  if (context.testOnly)
    return { requested, digest: '', skippedReason: "not pushed: 'test-only' builds nothing to push" };
  if (context.failedTests > 0) {
    return { requested, digest: '', skippedReason: `not pushed: ${context.failedTests} test(s) failed` };
  }
  const multi = context.platforms;
  if (multi?.pushWithBuildx) {
    const digest = await multi.pushWithBuildx(multi.workDir);
    const platforms = await verifyPushedPlatforms(multi.registry, settings.references[0], multi.images);
    return { requested, digest, platforms };
  }
  if (multi?.buildah && multi.buildah.images.length > 1) {
    const pushed = await pushBuildahManifest(settings.images, settings.tags, multi.buildah.images, {
      buildah: multi.buildah.client,
      registry: multi.registry,
      listName: multi.buildah.listName,
      workDir: multi.workDir,
      indexAnnotations: annotationsAt(multi.annotations, 'index'),
      descriptorAnnotations: annotationsAt(multi.annotations, 'index-descriptor'),
      log: context.log,
    });
    return { requested, digest: pushed.digest, platforms: pushed.platforms };
  }
  if (multi && multi.images.length > 1) {
    const pushed = await pushIndex(settings.images, settings.tags, multi.images, {
      docker: context.docker,
      registry: multi.registry,
      workDir: multi.workDir,
      store: multi.store,
      indexAnnotations: annotationsAt(multi.annotations, 'index'),
      descriptorAnnotations: annotationsAt(multi.annotations, 'index-descriptor'),
      log: context.log,
    });
    return { requested, digest: pushed.digest, platforms: pushed.platforms };
  }
  const pushed = await pushReferences(context.docker, settings.references, { log: context.log });
  return { requested, digest: pushed.digest };
}

/** The annotations of one level, as a map. */
function annotationsAt(annotations: Annotation[], level: AnnotationLevel): Record<string, string> {
  return Object.fromEntries(
    annotations.filter((a) => a.levels.includes(level)).map((a) => [a.key, a.value] as const),
  );
}

/**
 * What BuildKit pushed is what was tested: each platform's image in the pushed index has the tested
 * image's layers (rootfs diff IDs). Fails naming the platform that differs; returns each platform's
 * manifest digest.
 */
export async function verifyPushedPlatforms(
  registry: RegistryClient,
  reference: string,
  tested: PlatformToPush[],
): Promise<{ platform: string; digest: string }[]> {
  const found: { platform: string; digest: string }[] = [];
  for (const { platform, image } of tested) {
    const pushed = await readRegistryImage(registry, reference, platform);
    const layers = pushed?.config.rootfs?.diff_ids ?? [];
    if (
      !pushed ||
      osArch(pushed.platform) !== osArch(platform) ||
      layers.join() !== (image.RootFS.Layers ?? []).join()
    ) {
      throw new Error(
        `The pushed ${reference} for ${platform} is not the image that was tested: its layers (${layers.join(', ') || 'none'}) differ from the tested ones (${(image.RootFS.Layers ?? []).join(', ')}). The builder did not answer the push from the cache of the tested build; the tag now holds the untested image.`,
      );
    }
    found.push({ platform, digest: pushed.digest });
  }
  return found;
}
