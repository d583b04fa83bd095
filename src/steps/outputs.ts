import * as core from './runner-commands.js';
import type { CacheHit } from '../cache/gha.js';
import type { TestResult } from '../container-tests/results.js';
import type { PublishResult } from '../publish/publish.js';
import type { Settings } from '../settings/inputs.js';
import type { SizeReport } from '../size/render.js';
import { timingsJson, type PhaseTime } from './timings.js';

/** Every output of the action, by name: the one list action.yml's `outputs` must match (tested). */
export const OUTPUTS = [
  'imageid',
  'image',
  'tags',
  'digest',
  'labels',
  'annotations',
  'version',
  'metadata',
  'test-results',
  'cache-hit',
  'cache-size',
  'reclaimed-bytes',
  'disk-free-bytes',
  'size',
  'compressed-size',
  'size-diff',
  'size-report',
  'timings',
] as const;
export type OutputName = (typeof OUTPUTS)[number];

/** What the main step's stages returned; a stage that did not run leaves its outputs unset. */
export interface MainResults {
  settings: Settings;
  /** Bytes the disk guard freed before the build. */
  reclaimed?: number;
  built?: { imageId: string; subject: string; cache: { hit: CacheHit; size: number } };
  tests?: TestResult[];
  /** The push, with the free disk space measured after it. */
  published?: PublishResult & { diskFree?: number };
  size?: SizeReport;
  /** Seconds per phase of the main step, ending with `total`. */
  timings?: PhaseTime[];
}

/** The outputs the results give, each from the stage that decided it. */
export function mainOutputs(results: MainResults): Partial<Record<OutputName, string>> {
  const { settings, built, tests, published, size } = results;
  const outputs: Partial<Record<OutputName, string>> = {};
  if (results.reclaimed !== undefined) outputs['reclaimed-bytes'] = String(results.reclaimed);
  if (built) {
    outputs.imageid = built.imageId;
    outputs.image = built.subject;
    outputs.tags = settings.publish.references.join(settings.metadata.separators.tags);
    outputs['cache-hit'] = built.cache.hit;
    outputs['cache-size'] = String(built.cache.size);
  }
  if (tests) {
    const failed = tests.filter((test) => !test.passed).length;
    outputs['test-results'] = JSON.stringify({ total: tests.length, passed: tests.length - failed, failed });
  }
  if (published && built) Object.assign(outputs, publishOutputs(settings, built.imageId, published));
  if (size) Object.assign(outputs, sizeOutputs(size));
  if (results.timings) outputs.timings = timingsJson(results.timings);
  return outputs;
}

function publishOutputs(
  settings: Settings,
  imageId: string,
  published: NonNullable<MainResults['published']>,
): Partial<Record<OutputName, string>> {
  const { publish, build, metadata } = settings;
  const digest = published.digest;
  return {
    'disk-free-bytes': published.diskFree === undefined ? '' : String(published.diskFree),
    digest,
    version: publish.version,
    labels: metadata.labels.join(metadata.separators.labels),
    annotations: metadata.annotations.join(metadata.separators.annotations),
    metadata: JSON.stringify({
      tags: publish.references,
      labels: build.labels,
      version: publish.version,
      imageid: imageId,
      digest,
    }),
  };
}

function sizeOutputs(report: SizeReport): Partial<Record<OutputName, string>> {
  const delta = report.diff?.compressedSize.delta;
  return {
    size: report.image.size === undefined ? '' : String(report.image.size),
    'compressed-size': report.image.compressedSize === undefined ? '' : String(report.image.compressedSize),
    'size-diff': delta === undefined ? '' : String(delta),
    'size-report': JSON.stringify(report),
  };
}

/** Writes the outputs once, in the order action.yml declares them. */
export function writeOutputs(outputs: Partial<Record<OutputName, string>>): void {
  for (const name of OUTPUTS) {
    const value = outputs[name];
    if (value !== undefined) core.setOutput(name, value);
  }
}
