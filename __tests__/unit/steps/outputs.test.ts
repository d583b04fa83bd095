import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readSettings } from '../../../src/settings/inputs.js';
import type { SizeReport } from '../../../src/size/render.js';
import { mainOutputs, OUTPUTS, type MainResults } from '../../../src/steps/outputs.js';

const DIGEST = `sha256:${'d'.repeat(64)}`;
const IMAGE_ID = `sha256:${'1'.repeat(64)}`;

function settings(): MainResults['settings'] {
  const workspace = mkdtempSync(join(tmpdir(), 'shipshape-outputs-'));
  writeFileSync(join(workspace, 'Dockerfile'), 'FROM scratch\n');
  const table: Record<string, string> = {
    images: 'ghcr.io/acme/app\nacme/app',
    tags: 'v1\nlatest',
    labels: 'team=core\nnote=a=b',
  };
  return readSettings((name) => table[name] ?? '', workspace);
}

const built: NonNullable<MainResults['built']> = {
  imageId: IMAGE_ID,
  subject: 'ghcr.io/acme/app:v1',
  cache: { hit: 'partial', size: 1234 },
};

const sizeReport: SizeReport = {
  image: {
    reference: 'ghcr.io/acme/app:v1',
    platform: 'linux/amd64',
    size: 5_000_000,
    compressedSize: 2_000_000,
    compressedSource: 'registry',
    layers: [],
  },
  diff: {
    size: { before: 4_000_000, after: 5_000_000, delta: 1_000_000 },
    compressedSize: { before: 2_500_000, after: 2_000_000, delta: -500_000 },
    layers: [],
  },
  exceeded: [],
};

describe('OUTPUTS', () => {
  it("names exactly action.yml's outputs, in its order", () => {
    const action = parse(readFileSync(new URL('../../../action.yml', import.meta.url), 'utf8')) as {
      outputs: Record<string, unknown>;
    };
    expect([...OUTPUTS]).toEqual(Object.keys(action.outputs));
  });
});

describe('mainOutputs', () => {
  const base = settings();

  it('gives nothing when no stage ran', () => {
    expect(mainOutputs({ settings: base })).toEqual({});
  });

  it('gives the disk guard its output alone, zero included', () => {
    expect(mainOutputs({ settings: base, reclaimed: 0 })).toEqual({ 'reclaimed-bytes': '0' });
  });

  it('gives the build outputs for a build without tests: no test-results, digest or size', () => {
    const outputs = mainOutputs({ settings: base, built });
    expect(outputs).toEqual({
      imageid: IMAGE_ID,
      image: 'ghcr.io/acme/app:v1',
      tags: 'ghcr.io/acme/app:v1\nghcr.io/acme/app:latest\nacme/app:v1\nacme/app:latest',
      'cache-hit': 'partial',
      'cache-size': '1234',
    });
    expect(outputs).not.toHaveProperty('test-results');
  });

  it('counts the tests', () => {
    const tests = [
      { kind: 'command' as const, name: 'a', passed: true, durationMs: 1 },
      { kind: 'file' as const, name: 'b', passed: false, durationMs: 1 },
      { kind: 'command' as const, name: 'c', passed: false, durationMs: 1 },
    ];
    expect(JSON.parse(mainOutputs({ settings: base, built, tests })['test-results'] ?? '')).toEqual({
      total: 3,
      passed: 1,
      failed: 2,
    });
    expect(mainOutputs({ settings: base, tests: [] })).toEqual({
      'test-results': JSON.stringify({ total: 0, passed: 0, failed: 0 }),
    });
  });

  it('gives the publish outputs from the push and the build', () => {
    const outputs = mainOutputs({
      settings: base,
      built,
      published: { requested: true, digest: DIGEST, diskFree: 42 },
    });
    expect(outputs).toMatchObject({
      digest: DIGEST,
      version: 'v1',
      'disk-free-bytes': '42',
      // metadata-action's list: sorted by key.
      labels: 'note=a=b\nteam=core',
      annotations: '',
    });
    expect(JSON.parse(outputs.metadata ?? '')).toEqual({
      tags: base.publish.references,
      labels: { team: 'core', note: 'a=b' },
      version: 'v1',
      imageid: IMAGE_ID,
      digest: DIGEST,
    });
  });

  it("joins the list outputs with metadata-action's separators", () => {
    const workspace = mkdtempSync(join(tmpdir(), 'shipshape-outputs-'));
    writeFileSync(join(workspace, 'Dockerfile'), 'FROM scratch\n');
    const table: Record<string, string> = {
      images: 'ghcr.io/acme/app',
      tags: 'v1\nv2',
      labels: 'b=2\na=1',
      annotations: 'note=x\nindex:only=y',
      'sep-labels': ';',
      'sep-annotations': '|',
    };
    const env = { 'INPUT_SEP-TAGS': ', ', DOCKER_METADATA_ANNOTATIONS_LEVELS: 'manifest,index' };
    const custom = readSettings((name) => table[name] ?? '', workspace, env);
    const outputs = mainOutputs({ settings: custom, built, published: { requested: false, digest: '' } });
    expect(outputs.tags).toBe('ghcr.io/acme/app:v1, ghcr.io/acme/app:v2');
    expect(outputs.labels).toBe('a=1;b=2');
    expect(outputs.annotations).toBe('manifest:note=x|index:note=x|index:only=y');
  });

  it('gives an empty digest and disk space when nothing was pushed or measured', () => {
    const outputs = mainOutputs({ settings: base, built, published: { requested: false, digest: '' } });
    expect(outputs).toMatchObject({ digest: '', 'disk-free-bytes': '' });
  });

  it('gives no publish outputs without a build (test-only)', () => {
    const outputs = mainOutputs({ settings: base, published: { requested: true, digest: DIGEST } });
    expect(outputs).toEqual({});
  });

  it('gives the size outputs from the size report', () => {
    const outputs = mainOutputs({ settings: base, size: sizeReport });
    expect(outputs).toEqual({
      size: '5000000',
      'compressed-size': '2000000',
      'size-diff': '-500000',
      'size-report': JSON.stringify(sizeReport),
    });
  });

  it('leaves unknown sizes and a missing diff empty', () => {
    const unknown: SizeReport = {
      image: { ...sizeReport.image, size: undefined, compressedSize: undefined, compressedSource: 'unknown' },
      exceeded: [],
    };
    expect(mainOutputs({ settings: base, size: unknown })).toMatchObject({
      size: '',
      'compressed-size': '',
      'size-diff': '',
    });
  });

  it('gives the timings as JSON, also when no other stage gave an output', () => {
    const timings = [
      { phase: 'settings', seconds: 0.0104 },
      { phase: 'total', seconds: 0.5 },
    ];
    expect(mainOutputs({ settings: base, timings })).toEqual({
      timings: '{"settings":0.01,"total":0.5}',
    });
  });

  it('names only outputs action.yml declares', () => {
    const outputs = mainOutputs({
      settings: base,
      reclaimed: 1,
      built,
      tests: [],
      published: { requested: true, digest: DIGEST, diskFree: 1 },
      size: sizeReport,
      timings: [{ phase: 'total', seconds: 1 }],
    });
    expect(Object.keys(outputs).sort()).toEqual([...OUTPUTS].sort());
  });
});
