import { InputError } from '../common/errors.js';
import { lines, list } from './parse.js';

/**
 * `platforms`, `test-platforms`, `provenance`, `sbom` and `annotations`: what a multi-platform build
 * is asked to make, in build-push-action's and metadata-action's syntax.
 */

/** Operating systems and architectures as Go (and so the OCI image spec and BuildKit) spell them. */
const OSES = ['linux', 'windows', 'darwin', 'freebsd', 'netbsd', 'openbsd', 'solaris', 'illumos', 'aix'];
const ARCHITECTURES: Record<string, readonly string[]> = {
  amd64: ['v1', 'v2', 'v3', 'v4'],
  arm64: ['v8', 'v8.0', 'v8.1', 'v8.2', 'v8.3', 'v8.4', 'v8.5', 'v8.6', 'v8.7', 'v8.8', 'v9', 'v9.0'],
  arm: ['v5', 'v6', 'v7', 'v8'],
  '386': [],
  ppc64le: [],
  ppc64: [],
  s390x: [],
  riscv64: [],
  mips64le: [],
  mips64: [],
  mipsle: [],
  mips: [],
  loong64: [],
  wasm: [],
};

const FORM =
  "give os/architecture[/variant] in lower case, e.g. 'linux/amd64', 'linux/arm64' or 'linux/arm/v7'";

/** One platform, checked against the names BuildKit and the registries know. */
function parsePlatform(input: string, platform: string): string {
  const parts = platform.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((part) => !part)) {
    throw new InputError(input, platform, `${FORM}.`);
  }
  if (platform !== platform.toLowerCase()) {
    throw new InputError(input, platform, `platforms are lower case: '${platform.toLowerCase()}'.`);
  }
  const [os, architecture, variant] = parts;
  if (!OSES.includes(os)) {
    throw new InputError(input, platform, `unknown operating system '${os}' (known: ${OSES.join(', ')}).`);
  }
  const variants = ARCHITECTURES[architecture];
  if (!variants) {
    throw new InputError(
      input,
      platform,
      `unknown architecture '${architecture}' (known: ${Object.keys(ARCHITECTURES).join(', ')}).`,
    );
  }
  if (variant !== undefined && !variants.includes(variant)) {
    throw new InputError(
      input,
      platform,
      variants.length === 0
        ? `architecture '${architecture}' has no variants; give '${os}/${architecture}'.`
        : `unknown variant '${variant}' of ${architecture} (known: ${variants.join(', ')}).`,
    );
  }
  return platform;
}

/** `platforms`: one per line or comma-separated; a platform given twice is a mistake. */
export function parsePlatforms(input: string, raw: string): string[] {
  const platforms = list(raw).map((platform) => parsePlatform(input, platform));
  const seen = new Set<string>();
  for (const platform of platforms) {
    if (seen.has(platform)) {
      throw new InputError(input, raw, `'${platform}' is given twice; give each platform once.`);
    }
    seen.add(platform);
  }
  return platforms;
}

/**
 * The platform a run's tags and its one-platform names go to: the runner's own architecture's (so a
 * later step can run it), else the first one given.
 */
export function hostPlatform(platforms: string[], hostArch: string): string | undefined {
  return platforms.find((platform) => platform.split('/')[1] === hostArch) ?? platforms[0];
}

/**
 * `test-platforms`: `all` (every built platform the runner can execute) or a list, each one of
 * `platforms` (whether the runner can execute it is checked before the build, on the engine).
 */
export function parseTestPlatforms(raw: string, platforms: string[]): 'all' | string[] {
  const value = raw.trim();
  if (value === '' || value === 'all') return 'all';
  const chosen = parsePlatforms('test-platforms', value);
  if (platforms.length === 0) {
    throw new InputError(
      'test-platforms',
      raw,
      "'platforms' is empty, so the image is built for the runner's platform only; set 'platforms' or use 'all'.",
    );
  }
  for (const platform of chosen) {
    if (!platforms.includes(platform)) {
      throw new InputError(
        'test-platforms',
        raw,
        `'${platform}' is not built (platforms: ${platforms.join(', ')}); test only platforms of 'platforms', or 'all'.`,
      );
    }
  }
  return chosen;
}

/** Provenance attestation as build-push-action takes it; `undefined` leaves the default. */
export interface Provenance {
  mode: 'min' | 'max';
  /** Further `key=value` attributes passed to BuildKit as they are (`builder-id=…`). */
  attributes: [string, string][];
}

const PROVENANCE_KEYS = ['mode', 'builder-id', 'reproducible', 'version', 'inline-only'];

/** `provenance`: `true` (mode=min), `false`, or `mode=min|max[,key=value…]`; empty: the default. */
export function parseProvenance(raw: string): Provenance | false | undefined {
  const value = raw.trim();
  if (value === '') return undefined;
  if (value === 'false') return false;
  if (value === 'true') return { mode: 'min', attributes: [] };
  let mode: Provenance['mode'] = 'min';
  const attributes: [string, string][] = [];
  for (const part of value.split(',').map((p) => p.trim())) {
    const at = part.indexOf('=');
    const key = at > 0 ? part.slice(0, at) : '';
    const setting = at > 0 ? part.slice(at + 1) : '';
    if (!PROVENANCE_KEYS.includes(key) || !setting) {
      throw new InputError(
        'provenance',
        raw,
        `give 'true', 'false', 'mode=min' or 'mode=max' (optionally with ${PROVENANCE_KEYS.slice(1).join(', ')} as key=value, comma-separated).`,
      );
    }
    if (key === 'mode') {
      if (setting !== 'min' && setting !== 'max') {
        throw new InputError('provenance', raw, "mode is 'min' or 'max'.");
      }
      mode = setting;
    } else attributes.push([key, setting]);
  }
  return { mode, attributes };
}

/** Where an annotation goes, as buildx's `--annotation` and metadata-action name the levels. */
const ANNOTATION_LEVELS = ['manifest', 'index', 'manifest-descriptor', 'index-descriptor'] as const;
export type AnnotationLevel = (typeof ANNOTATION_LEVELS)[number];

export interface Annotation {
  /** Empty: the default level (`manifest`). */
  levels: AnnotationLevel[];
  key: string;
  value: string;
}

/** `annotations`: `[level[,level]:]key=value` per line (metadata-action's `annotations` output). */
export function parseAnnotations(raw: string): Annotation[] {
  return lines(raw).map((line) => {
    const equals = line.indexOf('=');
    if (equals <= 0) {
      throw new InputError(
        'annotations',
        line,
        "give 'key=value', optionally after a level ('index:key=value').",
      );
    }
    const head = line.slice(0, equals);
    const value = line.slice(equals + 1);
    // `org.opencontainers.image.title=…` has no level; `index,manifest:key=…` has two.
    const colon = head.indexOf(':');
    if (colon < 0) return { levels: [], key: head, value };
    const levels = head
      .slice(0, colon)
      .split(',')
      .map((level) => level.trim());
    const key = head.slice(colon + 1);
    for (const level of levels) {
      if (!(ANNOTATION_LEVELS as readonly string[]).includes(level)) {
        throw new InputError(
          'annotations',
          line,
          `unknown level '${level}' (known: ${ANNOTATION_LEVELS.join(', ')}); give 'level:key=value' or 'key=value'.`,
        );
      }
    }
    if (!key) throw new InputError('annotations', line, "the key is missing: give 'level:key=value'.");
    return { levels: levels as AnnotationLevel[], key, value };
  });
}

/** `sbom`: `true` or `false`; empty leaves it off. */
export function parseSbom(raw: string): boolean {
  const value = raw.trim();
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  throw new InputError('sbom', raw, "give 'true' or 'false'.");
}
