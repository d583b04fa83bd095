/**
 * docker/metadata-action's own tag test cases (its `__tests__/meta.test.ts`), run through Shipshape's tag
 * computation: the case's environment and event payload make the GitContext, the `images`, `tags` and
 * `flavor` inputs go through the same functions the action uses, and the tags (in order) and the version
 * must be metadata-action's. The cases live outside this repository (`../shared/conformance/
 * metadata-action/`, see its README); without them the suite says it skipped.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { gitContext } from '../../../src/naming/git-context.js';
import { metadataList, ociLabels } from '../../../src/naming/labels.js';
import { parseImageName, withTag } from '../../../src/naming/reference.js';
import { computeTags } from '../../../src/naming/tag-rules.js';
import { expandText } from '../../../src/naming/tag-templates.js';
import { imageNames } from '../../../src/settings/publish.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const folder = path.resolve(repoRoot, '..', 'shared', 'conformance', 'metadata-action');
const casesFile = path.join(folder, 'cases.json');
const exists = existsSync(casesFile);

interface Case {
  describe: string;
  name: string;
  env: Record<string, string>;
  harnessEnv?: Record<string, string>;
  event: Record<string, unknown> | null;
  inputs: {
    images?: string[];
    tags?: string[];
    flavor?: string[];
    labels?: string[];
    annotations?: string[];
  };
  expectedVersion: { main: string | null; partial: string[]; latest: boolean };
  expectedTags: string[];
  expectedLabels: string[];
  expectedAnnotations: string[] | null;
}

/** The repository data the upstream harness gives metadata-action (its GitHub API mock). */
interface Repo {
  name: string;
  description: string;
  html_url: string;
  license?: { spdx_id?: string };
}

interface CaseFile {
  harness: { date: string };
  describes: string[];
  cases: Case[];
}

if (!exists) {
  console.log(`metadata-action conformance: skipped, no cases at ${casesFile}.`);
}
const data: CaseFile = exists
  ? (JSON.parse(readFileSync(casesFile, 'utf8')) as CaseFile)
  : { harness: { date: '' }, describes: [], cases: [] };
const repo: Repo | undefined = exists
  ? (JSON.parse(readFileSync(path.join(folder, 'fixtures', 'repo.json'), 'utf8')) as Repo)
  : undefined;

/** What metadata-action's harness gives for a case, computed by Shipshape. */
function shipshape(item: Case, now: Date) {
  const ctx = gitContext({ ...item.env, ...item.harnessEnv }, item.event ?? {});
  // The upstream harness mocks moment.js to the fixed clock: the commit date is that clock too. Its
  // repository data (title, description, URL, license) comes from repo.json, not the payload.
  ctx.commitDate = now;
  ctx.repo = {
    name: repo?.name ?? '',
    description: repo?.description ?? '',
    htmlUrl: repo?.html_url ?? '',
    license: repo?.license?.spdx_id ?? '',
  };
  const computed = computeTags(
    (item.inputs.tags ?? []).join('\n'),
    (item.inputs.flavor ?? []).join('\n'),
    ctx,
    now,
  );
  const images = imageNames((item.inputs.images ?? []).join('\n')).names.map((name) => parseImageName(name));
  const references =
    images.length === 0
      ? computed.tags
      : images.flatMap((image) => computed.tags.map((tag) => withTag(image, tag)));
  const oci = ociLabels(ctx, computed.version, now);
  const custom = (entries: string[] | undefined, input: string) =>
    Object.fromEntries(
      (entries ?? []).map((line) => {
        const at = line.indexOf('=');
        return [line.slice(0, at), expandText(line.slice(at + 1), { ctx, now }, input)];
      }),
    );
  const labels = metadataList(oci, custom(item.inputs.labels, 'labels'));
  const annotations = metadataList(oci, custom(item.inputs.annotations, 'annotations'));
  return { ...computed, references, labels, annotations };
}

describe.skipIf(!exists)('docker/metadata-action conformance', () => {
  const now = new Date(data.harness.date);

  it('has every case of the upstream test tables', () => {
    expect(data.cases.length).toBe(112);
  });

  for (const block of data.describes) {
    describe(block, () => {
      for (const item of data.cases.filter((c) => c.describe === block)) {
        it(`${item.describe}/${item.name}`, () => {
          const result = shipshape(item, now);
          expect(result.references).toEqual(item.expectedTags);
          expect(result.version).toBe(item.expectedVersion.main ?? '');
          expect(result.latest).toBe(item.expectedVersion.latest);
          expect(result.labels).toEqual(item.expectedLabels);
          expect(result.annotations).toEqual(item.expectedAnnotations ?? item.expectedLabels);
        });
      }
    });
  }
});
