/**
 * Semantic versions (semver.org 2.0.0, with an optional leading 'v', as node-semver's `valid` accepts): what
 * `type=semver` reads, and what tells latest=auto that a version is stable.
 */

export interface SemVer {
  major: string;
  minor: string;
  patch: string;
  prerelease?: string;
  /** 'major.minor.patch[-prerelease]', without 'v' and build metadata. */
  version: string;
  /** The text as given, e.g. 'v1.2.3'. */
  raw: string;
}

const NUMBER = '0|[1-9]\\d*';
const PRERELEASE_ID = `(?:${NUMBER}|\\d*[A-Za-z-][0-9A-Za-z-]*)`;
const SEMVER_RE = new RegExp(
  `^v?(${NUMBER})\\.(${NUMBER})\\.(${NUMBER})` +
    `(?:-(${PRERELEASE_ID}(?:\\.${PRERELEASE_ID})*))?` +
    `(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?$`,
);

export function parseSemver(text: string): SemVer | undefined {
  const raw = text.trim();
  const match = raw.length <= 256 ? SEMVER_RE.exec(raw) : null;
  if (match === null) return undefined;
  const [, major, minor, patch, prerelease] = match;
  if ([major, minor, patch].some((n) => Number(n) > Number.MAX_SAFE_INTEGER)) return undefined;
  const core = `${major}.${minor}.${patch}`;
  return {
    major,
    minor,
    patch,
    ...(prerelease === undefined ? {} : { prerelease }),
    version: prerelease === undefined ? core : `${core}-${prerelease}`,
    raw,
  };
}

export function isStableSemver(text: string): boolean {
  const version = parseSemver(text);
  return version !== undefined && version.prerelease === undefined;
}
