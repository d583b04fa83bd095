import { parseReference } from '../naming/reference.js';
import {
  platformOf,
  type Descriptor,
  type ImageIndex,
  type ImageManifest,
  type RegistryClient,
} from './api.js';

/** The parts of an image configuration the size report reads. */
export interface ImageConfig {
  history?: { created_by?: string; empty_layer?: boolean; comment?: string }[];
  rootfs?: { diff_ids?: string[] };
  os?: string;
  architecture?: string;
  variant?: string;
}

/** Manifest (the platform's, from a list) and configuration of a reference; `undefined` when missing. */
export async function readRegistryImage(
  registry: RegistryClient,
  reference: string,
  platform: string,
): Promise<{ manifest: ImageManifest; config: ImageConfig; platform: string; digest: string } | undefined> {
  const ref = parseReference(reference);
  const found = await registry.manifest(ref);
  if (!found) return undefined;
  let manifest = found.manifest;
  let digest = found.digest;
  let chosen = '';
  if ('manifests' in manifest) {
    const entry = pickPlatform((manifest as ImageIndex).manifests, platform);
    if (!entry) return undefined;
    chosen = platformOf(entry.platform);
    const inner = await registry.manifest({ ...ref, tag: undefined, digest: entry.digest });
    if (!inner) return undefined;
    manifest = inner.manifest;
    digest = entry.digest;
  }
  const image = manifest as ImageManifest;
  const config = (await registry.config(ref, image.config)) as ImageConfig;
  // A single image is the platform its configuration names, whatever was asked for.
  return { manifest: image, config, platform: chosen || platformOfConfig(config) || platform, digest };
}

/** The entry for `platform` (`linux/amd64`), else the first that is not an attestation. */
export function pickPlatform(manifests: Descriptor[], platform: string): Descriptor | undefined {
  const real = manifests.filter((m) => m.platform && m.platform.os !== 'unknown');
  return (
    real.find((m) => platformOf(m.platform) === platform) ??
    real.find((m) => osArch(platformOf(m.platform)) === osArch(platform)) ??
    real[0]
  );
}

/** `linux/arm/v7` -> `linux/arm`: a variant-less match never crosses architectures. */
/** `linux/arm64/v8` -> `linux/arm64`. */
export function osArch(platform: string): string {
  return platform.split('/').slice(0, 2).join('/');
}

function platformOfConfig(config: ImageConfig): string {
  return [config.os, config.architecture, config.variant].filter(Boolean).join('/');
}

/**
 * Whether `ref` in its registry is an image with exactly these layers (`diffIds`, from its
 * configuration): a cache image that would be pushed again with nothing new. False when unsure.
 */
export async function holdsLayers(
  registry: RegistryClient,
  ref: string,
  diffIds: string[],
): Promise<boolean> {
  if (diffIds.length === 0) return false;
  try {
    const read = await readRegistryImage(registry, ref, '');
    const held = read?.config.rootfs?.diff_ids ?? [];
    return held.length === diffIds.length && held.every((id, i) => id === diffIds[i]);
  } catch {
    return false;
  }
}
