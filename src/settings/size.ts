import { PULL_REQUEST_EVENTS, type GitContext } from '../naming/git-context.js';
import { ImageReferenceError, parseReference, withTag, type ImageReference } from '../naming/reference.js';
import { computeTags } from '../naming/tag-rules.js';
import { InputError, oneOf } from '../common/errors.js';
import { parsePercent, parseSize } from '../common/units.js';
import { LIMITS } from './parse.js';
import type { InputReader } from './parse.js';

const SIZE_COMMENT_MODES = ['always', 'on-change', 'never'] as const;
type SizeCommentMode = (typeof SIZE_COMMENT_MODES)[number];
const SIZE_LIMIT_KINDS = ['compressed', 'uncompressed'] as const;
type SizeLimitKind = (typeof SIZE_LIMIT_KINDS)[number];

/** A limit given as bytes (`50MB`) or as a percentage (`5%`). */
type Amount = { kind: 'bytes'; value: number } | { kind: 'percent'; value: number };

export interface SizeSettings {
  /** The image to compare with (`registry/path:tag`); empty: no comparison. */
  base: string;
  /** Where `base` came from: the `size-base` input, or the tag rules for the pull request's base branch. */
  baseSource: 'input' | 'base-branch' | 'none';
  comment: SizeCommentMode;
  /** A new comment is posted (`on-change`) only when the compressed size changed by more than this. */
  commentThreshold: Amount;
  /** Absolute budget in bytes (0: none), of the compressed or uncompressed size. */
  limit: number;
  limitKind: SizeLimitKind;
  /** Budget for the growth against the base, of the same kind as `limit`. */
  increaseLimit?: Amount;
  /** For the pull-request comment; a secret. */
  githubToken: string;
  /** `size-comment-author`: whose comment is ours; empty: the token's own login (else `github-actions[bot]`). */
  commentAuthor: string;
}

/** The size group: the settings, and what is measured. */
export interface SizeGroup extends SizeSettings {
  subject: SizeSubject;
}

/** What is measured: the first image under its first reference, and the Dockerfile it came from. */
interface SizeSubject {
  /** The first of `images`; `undefined` under `test-only`. */
  image?: ImageReference;
  /** Its first reference (`registry/path:tag`), or empty. */
  reference: string;
  /** The Dockerfile, target and build args: they name the base image of the final stage. */
  dockerfile: string;
  target: string;
  buildArgs: string[];
}

export function readSizeSettings(
  read: InputReader,
  git: GitContext,
  firstImage: ImageReference | undefined,
  tagRules: { tags: string; flavor: string; extensions?: boolean },
  now: Date,
): SizeSettings {
  const comment = oneOf('size-comment', read('size-comment'), SIZE_COMMENT_MODES, 'on-change');
  const limitKind = oneOf('size-limit-kind', read('size-limit-kind'), SIZE_LIMIT_KINDS, 'compressed');
  const limitText = read('size-limit').trim();
  const limit = limitText === '' ? 0 : parseSize(limitText);
  if (limit !== undefined && !(limit <= LIMITS.bytes)) {
    throw new InputError('size-limit', limitText, 'give a size of at most 1PB.');
  }
  if (limit === undefined) {
    throw new InputError(
      'size-limit',
      limitText,
      "give a size, e.g. '150MB' or '1.5GiB' (a percentage is for 'size-increase-limit').",
    );
  }
  const increaseLimit = amount('size-increase-limit', read('size-increase-limit'));
  const commentThreshold = amount('size-comment-threshold', read('size-comment-threshold')) ?? {
    kind: 'percent',
    value: 1,
  };

  let base = '';
  let baseSource: SizeSettings['baseSource'] = 'none';
  const baseText = read('size-base').trim();
  if (baseText) {
    try {
      const reference = parseReference(baseText);
      base = reference.digest
        ? `${reference.familiar}@${reference.digest}`
        : `${reference.familiar}:${reference.tag ?? 'latest'}`;
      baseSource = 'input';
    } catch (error) {
      if (error instanceof ImageReferenceError) throw new InputError('size-base', baseText, error.message);
      throw error;
    }
  } else if (firstImage && PULL_REQUEST_EVENTS.includes(git.eventName) && git.prBaseRef) {
    // What the tag rules give a push to the base branch: where that branch's image was pushed.
    const onBase: GitContext = {
      ...git,
      eventName: 'push',
      ref: `refs/heads/${git.prBaseRef}`,
      prNumber: undefined,
    };
    const { version } = computeTags(tagRules.tags, tagRules.flavor, onBase, now, {
      extensions: tagRules.extensions === true,
    });
    if (version) {
      base = withTag(firstImage, version);
      baseSource = 'base-branch';
    }
  }
  return {
    base,
    baseSource,
    comment,
    commentThreshold,
    limit,
    limitKind,
    increaseLimit,
    githubToken: read('github-token').trim(),
    commentAuthor: commentAuthor(read('size-comment-author').trim()),
  };
}

/** `5%` or a size; empty: `undefined`. */
function amount(input: string, raw: string): Amount | undefined {
  const value = raw.trim();
  if (value === '') return undefined;
  const percent = parsePercent(value);
  if (percent !== undefined && !(percent <= 100_000)) {
    throw new InputError(input, value, 'give a percentage of at most 100000%, or a size.');
  }
  if (percent !== undefined) return { kind: 'percent', value: percent };
  const bytes = parseSize(value);
  if (bytes !== undefined && !(bytes <= LIMITS.bytes)) {
    throw new InputError(input, value, 'give a size of at most 1PB, or a percentage.');
  }
  if (bytes !== undefined) return { kind: 'bytes', value: bytes };
  throw new InputError(input, value, "give a size ('5MB', '1.5GiB', bytes) or a percentage ('5%').");
}

/** A GitHub login (`octocat`, `my-bot[bot]`): letters, digits and single hyphens, a bot's `[bot]`. */
function commentAuthor(login: string): string {
  if (login && !/^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(\[bot\])?$/.test(login)) {
    throw new InputError(
      'size-comment-author',
      login,
      "give a GitHub login: letters, digits and single hyphens, with '[bot]' for an app (e.g. 'my-app[bot]').",
    );
  }
  return login;
}
