/**
 * Python versions (PEP 440), the subset `type=pep440` needs: is a text a version, its normal form, its
 * release numbers, and whether it is a pre-, post- or development release. Read as docker/metadata-action
 * reads them (its @renovate/pep440 dependency): an optional leading 'v', case-insensitive letters, the
 * alternative spellings (`alpha`, `c`, `rev`, …) and separators (`-`, `_`, `.`) the PEP allows.
 */

export interface Pep440 {
  epoch: number;
  /** The release numbers, e.g. [1, 2, 3] for 1.2.3. */
  release: number[];
  pre?: [string, number];
  post?: number;
  dev?: number;
  /** The local label, normalized ('ubuntu.1'). */
  local?: string;
  /** The normal form, e.g. '1.1b2' for 'v1.1beta2', '1.2.post1' for '1.2post1'. */
  normal: string;
  isPrerelease: boolean;
  isPostrelease: boolean;
  isDevrelease: boolean;
}

const PATTERN = new RegExp(
  '^v?' +
    '(?:(\\d+)!)?' + // epoch
    '(\\d+(?:\\.\\d+)*)' + // release
    '(?:[-_.]?(alpha|beta|preview|pre|rc|a|b|c)[-_.]?(\\d+)?)?' + // pre-release
    '(?:-(\\d+)|[-_.]?(post|rev|r)[-_.]?(\\d+)?)?' + // post-release
    '(?:[-_.]?(dev)[-_.]?(\\d+)?)?' + // development release
    '(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?$', // local version
  'i',
);

const PRE_SPELLINGS: Record<string, string> = { alpha: 'a', beta: 'b', c: 'rc', pre: 'rc', preview: 'rc' };

/** Parses a PEP 440 version; undefined when the text is not one. */
export function parsePep440(text: string): Pep440 | undefined {
  const match = text.length <= 256 ? PATTERN.exec(text) : null;
  if (match === null) return undefined;
  const [, epochText, releaseText, preLetter, preNumber, postImplicit, postLetter, postNumber, devLetter] =
    match;
  const devNumber = match[9];
  const localText = match[10];
  const version: Pep440 = {
    epoch: Number(epochText ?? 0),
    release: releaseText.split('.').map(Number),
    normal: '',
    isPrerelease: false,
    isPostrelease: false,
    isDevrelease: false,
  };
  if (preLetter !== undefined) {
    const letter = preLetter.toLowerCase();
    version.pre = [PRE_SPELLINGS[letter] ?? letter, Number(preNumber ?? 0)];
  }
  if (postImplicit !== undefined) version.post = Number(postImplicit);
  else if (postLetter !== undefined) version.post = Number(postNumber ?? 0);
  if (devLetter !== undefined) version.dev = Number(devNumber ?? 0);
  if (localText !== undefined) {
    version.local = localText
      .split(/[-_.]/)
      .map((part) => (/^\d+$/.test(part) ? String(Number(part)) : part.toLowerCase()))
      .join('.');
  }
  version.isPrerelease = version.pre !== undefined || version.dev !== undefined;
  version.isPostrelease = version.post !== undefined;
  version.isDevrelease = version.dev !== undefined;
  version.normal =
    (version.epoch === 0 ? '' : `${version.epoch}!`) +
    version.release.join('.') +
    (version.pre ? version.pre.join('') : '') +
    (version.post === undefined ? '' : `.post${version.post}`) +
    (version.dev === undefined ? '' : `.dev${version.dev}`) +
    (version.local === undefined ? '' : `+${version.local}`);
  return version;
}

/** The release's n-th number (0: major, 1: minor, 2: patch), 0 when the release is shorter. */
export function releasePart(version: Pep440, index: number): string {
  return String(version.release[index] ?? 0);
}
