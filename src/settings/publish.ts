import { yaml } from './yaml.js';
import { InputError, oneOf } from '../common/errors.js';
import type { GitContext } from '../naming/git-context.js';
import {
  ImageReferenceError,
  parseReference,
  parseImageName,
  withTag,
  type ImageReference,
} from '../naming/reference.js';
import { computeTags } from '../naming/tag-rules.js';
import { booleanInput, lines, unique, type InputReader } from './parse.js';

/** The publish group: which images and tags, whether to push, and the registry logins. */
export interface PublishSettings {
  images: ImageReference[];
  tags: string[];
  /** Every image with every tag, in input order: `registry/path:tag`. */
  references: string[];
  /** The highest-priority tag. */
  version: string;
  /** Whether to push, with `auto` resolved for this event and the fork rule applied. */
  push: boolean;
  pushInput: PushInput;
  /** Registry logins; passwords are secrets. Empty on a fork's pull request. */
  credentials: RegistryCredential[];
  /**
   * `logout` (docker/login-action's): the post step logs out (`true`), or the login stays for the
   * job's later steps (`false`).
   */
  logout: boolean;
  /** The tag rules as given (`tags`, `flavor`, `tag-extensions`), for the base-branch tag of the size report. */
  tagRules: TagRules;
  /** What the tag rules and image names would have metadata-action say: shown as notices and warnings. */
  notices: string[];
  warnings: string[];
}

interface TagRules {
  tags: string;
  flavor: string;
  /** `tag-extensions`: Shipshape's repairs of tags Docker refuses, several plain tags per line. */
  extensions: boolean;
}

export interface RegistryCredential {
  /** Empty for Docker Hub. */
  registry: string;
  username: string;
  password: string;
}

const PUSH_INPUTS = ['true', 'false', 'auto'] as const;
type PushInput = (typeof PUSH_INPUTS)[number];
/** `push: auto` pushes on these events, never on pull requests. */
const PUSH_EVENTS = ['push', 'release', 'schedule', 'workflow_dispatch'];

/**
 * `images`, `tags`, `flavor`, `push` and the logins. The fork rule is decided here: a fork's pull
 * request gets no secrets, so it neither logs in nor pushes (`forkRestricted` says so).
 */
export function readPublishSettings(
  read: InputReader,
  git: GitContext,
  testOnly: boolean,
  now: Date,
): PublishSettings & { forkRestricted: boolean } {
  const { names, notices, warnings } = imageNames(read('images'));
  const images = names.map((name) => parseImage(name));
  if (images.length === 0 && !testOnly) {
    throw new InputError('images', '', "name at least one image, e.g. 'ghcr.io/acme/app'.");
  }
  const tagRules: TagRules = {
    tags: read('tags'),
    flavor: read('flavor'),
    extensions: booleanInput('tag-extensions', read('tag-extensions'), false),
  };
  const { tags, version } =
    images.length > 0 ? readTags(read, tagRules, git, now, warnings) : { tags: [], version: '' };
  const credentials = readCredentials(read);
  const pushInput = oneOf('push', read('push'), PUSH_INPUTS, 'false');
  const push = pushInput === 'auto' ? PUSH_EVENTS.includes(git.eventName) : pushInput === 'true';
  const forkRestricted = git.isFork && (push || credentials.length > 0);
  return {
    images,
    tags,
    references: unique(images.flatMap((image) => tags.map((tag) => withTag(image, tag)))),
    version,
    push: push && !forkRestricted,
    pushInput,
    credentials: forkRestricted ? [] : credentials,
    logout: booleanInput('logout', read('logout'), true),
    tagRules,
    notices,
    warnings,
    forkRestricted,
  };
}

function readTags(
  read: InputReader,
  tagRules: TagRules,
  git: GitContext,
  now: Date,
  warnings: string[],
): { tags: string[]; version: string } {
  const computed = computeTags(tagRules.tags, tagRules.flavor, git, now, { extensions: tagRules.extensions });
  warnings.push(...computed.warnings);
  if (computed.tags.length === 0) {
    throw new InputError(
      'tags',
      read('tags'),
      `no rule gives a tag for this ${git.eventName || 'event'} on ${git.ref || 'no ref'}. Add one that does, e.g. 'type=sha' or a plain tag.`,
    );
  }
  return computed;
}

/**
 * The `images` input as docker/metadata-action reads it: one line of comma-separated names, or one
 * image per line, each `name` or `name=…,enable=true|false`. Disabled images are left out, and names
 * are made lower case (with a notice), as metadata-action does; each is then checked by Docker's rules.
 */
export function imageNames(input: string): { names: string[]; notices: string[]; warnings: string[] } {
  const entries = lines(input).filter((line) => !line.startsWith('#'));
  const notices: string[] = [];
  const warnings: string[] = [];
  let images: { name: string; enable: boolean }[] = [];
  const fieldsOf = (line: string) => line.split(',').map((field) => field.trim());
  if (entries.length === 1 && fieldsOf(entries[0]).every((field) => !field.includes('='))) {
    images = fieldsOf(entries[0])
      .filter(Boolean)
      .map((name) => ({ name, enable: true }));
  } else {
    for (const line of entries) {
      const image = { name: '', enable: true };
      const bare: string[] = [];
      for (const field of fieldsOf(line).filter(Boolean)) {
        const at = field.indexOf('=');
        if (at === -1) {
          bare.push(field);
          image.name = field;
          continue;
        }
        const key = field.slice(0, at).trim().toLowerCase();
        const value = field.slice(at + 1).trim();
        if (key === 'name') image.name = value;
        else if (key === 'enable') {
          if (value !== 'true' && value !== 'false') {
            throw new InputError('images', line, `enable must be 'true' or 'false', not '${value}'.`);
          }
          image.enable = value === 'true';
        } else {
          throw new InputError(
            'images',
            line,
            `unknown attribute '${key}'; an image is 'name' or 'name=…,enable=true|false'.`,
          );
        }
      }
      if (bare.length > 1) {
        warnings.push(
          `Input 'images': the line '${line}' names several images; as docker/metadata-action, only the last ('${image.name}') is used. Give one image per line.`,
        );
      }
      if (image.name === '') {
        throw new InputError('images', line, "the image has no name; write 'ghcr.io/acme/app' or 'name=…'.");
      }
      images.push(image);
    }
  }
  const names = images
    .filter((image) => image.enable)
    .map(({ name }) => {
      const lower = name.toLowerCase();
      if (lower !== name) {
        notices.push(
          `Image name '${name}' has upper case; using '${lower}', as docker/metadata-action does.`,
        );
      }
      return lower;
    });
  return { names, notices, warnings };
}

function parseImage(name: string): ImageReference {
  let image: ImageReference;
  try {
    image = parseImageName(name);
  } catch (error) {
    if (error instanceof ImageReferenceError) throw new InputError('images', name, error.message);
    throw error;
  }
  return image;
}

/** `registry`/`username`/`password`, and `registry-auth` (a YAML list of the same) for several registries. */
function readCredentials(read: InputReader): RegistryCredential[] {
  const credentials: RegistryCredential[] = [];
  const username = read('username').trim();
  const password = read('password');
  const registry = read('registry').trim();
  if (password && !username) {
    throw new InputError(
      'username',
      '',
      "'password' is set but 'username' is not: give the user the password belongs to.",
    );
  }
  if (username && !password) {
    throw new InputError(
      'password',
      '',
      `'username' is '${username}' but no password is set: pass a secret, e.g. \${{ secrets.REGISTRY_TOKEN }}.`,
    );
  }
  if (username) credentials.push({ registry, username, password });
  const text = read('registry-auth');
  if (text.trim()) credentials.push(...registryAuth(text));
  for (const [index, credential] of credentials.entries()) {
    checkRegistryHost(credential.registry, index === 0 && username ? 'registry' : 'registry-auth');
  }
  return credentials;
}

/**
 * A registry is `host[:port]` by the reference grammar (`ghcr.io`, `127.0.0.1:5000`, `[::1]:5000`),
 * empty for Docker Hub: never a flag (`-h`) or a path on `docker login`'s command line.
 */
function checkRegistryHost(registry: string, input: string): void {
  if (registry === '') return;
  const bare = registry.replace(/^https?:\/\//, '').replace(/\/+$/, '');
  let host = '';
  try {
    host = parseReference(`${bare}/shipshape-check`).registry;
  } catch {
    host = '';
  }
  if (host !== bare || registry.startsWith('-')) {
    throw new InputError(
      input,
      input === 'registry' ? registry : '(hidden)',
      "give the registry's host, with a port if it has one ('ghcr.io', 'registry.example.com:5000'), or leave it empty for Docker Hub.",
    );
  }
}

/** `registry-auth`: a YAML list of `{registry, username, password}`; its text is never echoed. */
function registryAuth(text: string): RegistryCredential[] {
  // Errors and warnings are told by position and kind only: their messages quote the text, which
  // holds passwords. A warning (an unknown tag: an unquoted password starting with '!') is an error,
  // and so is any alias (one starting with '*').
  const { LineCounter, parseDocument, visit } = yaml();
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter });
  const problem = [...document.errors, ...document.warnings][0];
  if (problem) {
    const at = lineCounter.linePos(problem.pos[0]);
    throw new InputError(
      'registry-auth',
      '(hidden)',
      `not valid YAML (${problem.code}${at ? ` at line ${at.line}, column ${at.col}` : ''}); quote each value ('password: "…"'), above all one starting with '*', '&', '!', '%', '@' or a backquote.`,
    );
  }
  let anchored = false;
  visit(document, {
    Node(_key, node) {
      if ((node as { anchor?: string }).anchor) anchored = true;
    },
  });
  let parsed: unknown;
  try {
    if (anchored) throw new Error('anchor');
    parsed = document.toJS({ maxAliasCount: 0 });
  } catch {
    throw new InputError(
      'registry-auth',
      '(hidden)',
      "uses a YAML alias or anchor ('*' or '&'); quote each value ('password: \"…\"').",
    );
  }
  if (!Array.isArray(parsed)) {
    throw new InputError(
      'registry-auth',
      '(hidden)',
      'give a YAML list of {registry, username, password} objects, one per registry.',
    );
  }
  return parsed.map((entry: unknown, index) => {
    const item = entry as Record<string, unknown> | null;
    const valid =
      item !== null &&
      typeof item === 'object' &&
      !Array.isArray(item) &&
      typeof item.username === 'string' &&
      typeof item.password === 'string' &&
      (item.registry === undefined || typeof item.registry === 'string');
    if (!valid) {
      throw new InputError(
        'registry-auth',
        '(hidden)',
        `item ${index + 1} is not an object with string 'registry', 'username' and 'password'.`,
      );
    }
    return {
      registry: String(item.registry ?? '').trim(),
      username: String(item.username),
      password: String(item.password),
    };
  });
}
