import { statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import {
  ImageReferenceError,
  parseImageName,
  validateTag,
  withTag,
  type ImageReference,
} from '../naming/reference.js';
import { InputError } from './errors.js';

/** Everything the action was asked to do, parsed and validated before anything is created. */
export interface Settings {
  /** Absolute path of the build context. */
  context: string;
  /** Absolute path of the Dockerfile. */
  file: string;
  images: ImageReference[];
  tags: string[];
  /** Every image with every tag, in input order: `registry/path:tag`. */
  references: string[];
  buildArgs: string[];
  labels: Record<string, string>;
  target: string;
  push: boolean;
  testRun: string[];
  testTimeoutSeconds: number;
  cleanup: boolean;
}

export type InputReader = (name: string) => string;

/**
 * Reads and validates every input. Throws an InputError for the first mistake, before the action
 * creates anything. Only reads the file system (does the context exist?), never writes.
 */
export function readSettings(read: InputReader, workspace: string): Settings {
  const context = resolve(workspace, read('context').trim() || '.');
  if (!isDirectory(context)) {
    throw new InputError(
      'context',
      read('context'),
      `no directory ${context}. Give a directory in the repository.`,
    );
  }
  const fileInput = read('file').trim();
  const file = fileInput
    ? isAbsolute(fileInput)
      ? fileInput
      : resolve(workspace, fileInput)
    : join(context, 'Dockerfile');
  if (!isFile(file)) {
    throw new InputError(
      'file',
      fileInput,
      `no Dockerfile at ${file}. Set 'file' to the Dockerfile's path relative to the repository root.`,
    );
  }

  const images = list(read('images')).map((name) => parseImage(name));
  if (images.length === 0) {
    throw new InputError('images', '', "name at least one image, e.g. 'ghcr.io/acme/app'.");
  }
  const tags = unique(list(read('tags')));
  if (tags.length === 0) tags.push('latest');
  for (const tag of tags) {
    try {
      validateTag(tag);
    } catch (error) {
      throw new InputError('tags', tag, (error as Error).message);
    }
  }

  return {
    context,
    file,
    images,
    tags,
    references: unique(images.flatMap((image) => tags.map((tag) => withTag(image, tag)))),
    buildArgs: keyValueLines(read('build-args'), 'build-args', 'NAME=value').map(([k, v]) => `${k}=${v}`),
    labels: Object.fromEntries(keyValueLines(read('labels'), 'labels', 'key=value')),
    target: read('target').trim(),
    push: booleanInput('push', read('push'), false),
    testRun: lines(read('test-run')),
    testTimeoutSeconds: positiveSeconds('test-timeout', read('test-timeout'), 300),
    cleanup: booleanInput('cleanup', read('cleanup'), true),
  };
}

/** The settings for the log; no input of this stage is a secret. */
export function describeSettings(settings: Settings): string {
  return JSON.stringify({ ...settings, images: settings.images.map((image) => image.name) }, null, 2);
}

function parseImage(name: string): ImageReference {
  let image: ImageReference;
  try {
    image = parseImageName(name);
  } catch (error) {
    if (error instanceof ImageReferenceError) throw new InputError('images', name, error.message);
    throw error;
  }
  // Docker reads `ACME/app` as registry host `ACME` only because of the upper case: in a workflow
  // that is a mistyped namespace far more often than a host, so ask for the fix.
  const [first] = name.split('/');
  if (name.includes('/') && first === image.registry && !/[.:]/.test(first) && first !== 'localhost') {
    throw new InputError(
      'images',
      name,
      `image names must be lower case; '${first}' would be read as a registry host (try '${name.toLowerCase()}').`,
    );
  }
  return image;
}

function lines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** Lists accept one item per line or comma-separated items, as the docker/* actions do. */
function list(value: string): string[] {
  return lines(value)
    .flatMap((line) => line.split(','))
    .map((item) => item.trim())
    .filter(Boolean);
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function keyValueLines(value: string, input: string, form: string): [string, string][] {
  return lines(value).map((line) => {
    const at = line.indexOf('=');
    if (at < 0) throw new InputError(input, line, `each line must be ${form}; this line has no '='.`);
    if (at === 0)
      throw new InputError(input, line, `each line must be ${form}; the name before '=' is empty.`);
    return [line.slice(0, at).trim(), line.slice(at + 1)];
  });
}

const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];

function booleanInput(input: string, raw: string, fallback: boolean): boolean {
  const value = raw.trim();
  if (value === '') return fallback;
  if (TRUE.includes(value)) return true;
  if (FALSE.includes(value)) return false;
  throw new InputError(input, value, "use 'true' or 'false'.");
}

function positiveSeconds(input: string, raw: string, fallback: number): number {
  const value = raw.trim();
  if (value === '') return fallback;
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(seconds) || seconds <= 0) {
    throw new InputError(input, value, "give a positive number of seconds, e.g. '300'.");
  }
  return seconds;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
