import { isAbsolute, join, resolve } from 'node:path';
import { readablePath, type PathRules } from './paths.js';
import { InputError, oneOf } from '../common/errors.js';
import { booleanInput, isDirectory, isFile, keyValueLines, lines, type InputReader } from './parse.js';
import {
  parseAnnotations,
  parsePlatforms,
  parseProvenance,
  parseSbom,
  type Annotation,
  type Provenance,
} from './platforms.js';

/** The build group: what to build, with which builder, and how. */
export interface BuildSettings {
  builder: BuilderInput;
  /** Absolute path of the build context. */
  context: string;
  /** Absolute path of the Dockerfile. */
  file: string;
  /** The references the built image is tagged with (the publish group's). */
  references: string[];
  buildArgs: string[];
  /** OCI labels from the repository and commit, overridden by the user's `labels`. */
  labels: Record<string, string>;
  target: string;
  /** `linux/amd64`, `linux/arm64/v8`; empty for the builder's own platform. */
  platforms: string[];
  /** `provenance`: `undefined` leaves the default (mode=min when BuildKit pushes), `false` none. */
  provenance: Provenance | false | undefined;
  sbom: boolean;
  annotations: Annotation[];
  pull: boolean;
  noCache: boolean;
  /** Build secrets: each value is masked in the log and reaches the builder as a file, never an argument. */
  secrets: { id: string; value: string }[];
}

const BUILDER_INPUTS = ['auto', 'buildx', 'docker', 'buildah'] as const;
type BuilderInput = (typeof BUILDER_INPUTS)[number];

/** `context` and `file`, checked before anything else: `test-only` builds nothing and needs neither. */
export function readBuildPaths(
  read: InputReader,
  workspace: string,
  testOnly: boolean,
  rules: PathRules = { workspace, runnerTemp: '', allowOutside: true },
): Pick<BuildSettings, 'context' | 'file'> {
  const context = resolve(workspace, read('context').trim() || '.');
  if (!testOnly && !isDirectory(context)) {
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
  if (!testOnly && !isFile(file)) {
    throw new InputError(
      'file',
      fileInput,
      `no Dockerfile at ${file}. Set 'file' to the Dockerfile's path relative to the repository root.`,
    );
  }
  // What the builder reads stays in the repository: `context: /` would send the whole machine.
  if (!testOnly) {
    readablePath('context', read('context'), context, rules);
    readablePath('file', fileInput, file, rules);
  }
  return { context, file };
}

/** The user's `labels`, which override the OCI labels of the same name. */
export function readUserLabels(read: InputReader): Record<string, string> {
  const labels = keyValueLines(read('labels'), 'labels', 'key=value');
  const reserved = labels.find(([key]) => key.startsWith('dev.shipshape.'));
  if (reserved) {
    throw new InputError(
      'labels',
      reserved[0],
      "labels under 'dev.shipshape.' are the run's ownership labels, which cleanup relies on; choose another name.",
    );
  }
  return Object.fromEntries(labels);
}

/**
 * Build secrets: `id=value` lines, ids as BuildKit accepts them. A line that is not `id=value` (a
 * value broken over lines, whose second line would otherwise be echoed or read as another secret)
 * is refused by its line number, never by its text: a value with line breaks belongs in a file.
 */
export function readSecrets(read: InputReader): BuildSettings['secrets'] {
  return lines(read('secrets')).map((line, index) => {
    const at = line.indexOf('=');
    const id = at > 0 ? line.slice(0, at).trim() : '';
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(id)) {
      throw new InputError(
        'secrets',
        `line ${index + 1} (hidden)`,
        "each line must be id=value, the id made of letters, digits, '_', '.' and '-'; a value cannot span lines (put a multi-line secret in a file and read it in an earlier step, or base64-encode it).",
      );
    }
    return { id, value: line.slice(at + 1) };
  });
}

/** The rest of the build group, once paths, references, labels and secrets are known. */
export function readBuildOptions(
  read: InputReader,
): Pick<
  BuildSettings,
  | 'builder'
  | 'buildArgs'
  | 'target'
  | 'platforms'
  | 'pull'
  | 'noCache'
  | 'provenance'
  | 'sbom'
  | 'annotations'
> {
  return {
    builder: oneOf('builder', read('builder'), BUILDER_INPUTS, 'auto'),
    buildArgs: keyValueLines(read('build-args'), 'build-args', 'NAME=value').map(([k, v]) => `${k}=${v}`),
    target: stageName(read('target').trim()),
    platforms: parsePlatforms('platforms', read('platforms')),
    provenance: parseProvenance(read('provenance')),
    sbom: parseSbom(read('sbom')),
    annotations: parseAnnotations(read('annotations')),
    pull: booleanInput('pull', read('pull'), false),
    noCache: booleanInput('no-cache', read('no-cache'), false),
  };
}

/** `target`: a Dockerfile stage name (letters, digits, `_`, `.`, `-`), never a flag for the builder. */
function stageName(target: string): string {
  if (target !== '' && !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(target)) {
    throw new InputError(
      'target',
      target,
      "give the name of a stage of the Dockerfile ('FROM … AS <name>'): letters, digits, '_', '.' and '-'.",
    );
  }
  return target;
}
