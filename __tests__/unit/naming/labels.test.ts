import { describe, expect, it } from 'vitest';
import { gitContext } from '../../../src/naming/git-context.js';
import { metadataList, ociLabels } from '../../../src/naming/labels.js';
import { computeTags } from '../../../src/naming/tag-rules.js';
import { env, event, run } from '../../fixtures/runs.js';

const CREATED = new Date('2024-03-05T07:08:09.010Z');

describe('ociLabels', () => {
  it('describes the repository, the version and the commit', () => {
    expect(ociLabels(run('push-main'), 'main', CREATED)).toEqual({
      'org.opencontainers.image.title': 'shipshape',
      'org.opencontainers.image.description': 'One step from Dockerfile to registry',
      'org.opencontainers.image.url': 'https://github.com/acme/shipshape',
      'org.opencontainers.image.source': 'https://github.com/acme/shipshape',
      'org.opencontainers.image.version': 'main',
      'org.opencontainers.image.created': '2024-03-05T07:08:09.010Z',
      'org.opencontainers.image.revision': '1'.repeat(40),
      'org.opencontainers.image.licenses': 'MIT',
    });
  });

  it('takes the version computeTags gives', () => {
    const ctx = run('push-tag-v1.2.3');
    const { version } = computeTags('type=semver,pattern={{version}}\ntype=sha', '', ctx, CREATED);
    expect(ociLabels(ctx, version, CREATED)['org.opencontainers.image.version']).toBe('1.2.3');
  });

  it('gives a pull request the commit it ran on (GITHUB_SHA), not the head commit', () => {
    const labels = ociLabels(run('pull-request'), 'pr-42', CREATED);
    expect(labels['org.opencontainers.image.revision']).toBe('c'.repeat(40));
  });

  it('keeps empty values and a NOASSERTION license, as metadata-action does', () => {
    const payload = event('push-main') as { repository: Record<string, unknown> };
    const repository = { ...payload.repository, description: null, license: { spdx_id: 'NOASSERTION' } };
    const labels = ociLabels(gitContext(env('push-main'), { ...payload, repository }), '', CREATED);
    expect(labels['org.opencontainers.image.description']).toBe('');
    expect(labels['org.opencontainers.image.version']).toBe('');
    expect(labels['org.opencontainers.image.licenses']).toBe('NOASSERTION');
    expect(Object.keys(labels)).toHaveLength(8);
  });

  it('lists labels as metadata-action: the user’s over the OCI set, sorted by key', () => {
    expect(metadataList({ b: '1', 'a.x': '2' }, { b: 'mine', c: '' })).toEqual(['a.x=2', 'b=mine', 'c=']);
  });

  it("sorts as localeCompare does, also where it skips the collator (keys of a-z, 0-9, '.', '-')", () => {
    const alphabet = 'abz09.-';
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const keys = new Set<string>();
    while (keys.size < 300) {
      keys.add(
        Array.from({ length: 1 + Math.floor(random() * 5) }, () => alphabet[Math.floor(random() * 7)]).join(
          '',
        ),
      );
    }
    const byLocale = [...keys].sort((a, b) => a.localeCompare(b)).map((key) => `${key}=`);
    expect(metadataList(Object.fromEntries([...keys].map((key) => [key, ''])), {})).toEqual(byLocale);
    // Other keys: the collator's order, which is not the code points' ('B' before 'a', '_' before '-').
    const mixed = { a: '', B: '', 'x-y': '', x_y: '' };
    expect(metadataList(mixed, {})).toEqual(
      Object.keys(mixed)
        .sort((a, b) => a.localeCompare(b))
        .map((key) => `${key}=`),
    );
    expect(metadataList(mixed, {})).not.toEqual(
      Object.keys(mixed)
        .sort()
        .map((key) => `${key}=`),
    );
  });

  it('falls back to GITHUB_REPOSITORY without a repository in the payload', () => {
    const ctx = gitContext({ GITHUB_REPOSITORY: 'acme/tool', GITHUB_SHA: 'e'.repeat(40) }, {});
    expect(ociLabels(ctx, 'v1', CREATED)).toEqual({
      'org.opencontainers.image.title': 'tool',
      'org.opencontainers.image.description': '',
      'org.opencontainers.image.url': 'https://github.com/acme/tool',
      'org.opencontainers.image.source': 'https://github.com/acme/tool',
      'org.opencontainers.image.version': 'v1',
      'org.opencontainers.image.created': '2024-03-05T07:08:09.010Z',
      'org.opencontainers.image.revision': 'e'.repeat(40),
      'org.opencontainers.image.licenses': '',
    });
  });

  it('gives nothing outside GitHub Actions, where no repository is known', () => {
    expect(ociLabels(gitContext({}, {}), 'latest', CREATED)).toEqual({});
  });

  it('is overridden by the user’s labels when the caller merges them', () => {
    const user = { 'org.opencontainers.image.title': 'Shipshape', team: 'core' };
    const merged: Record<string, string> = { ...ociLabels(run('push-main'), 'main', CREATED), ...user };
    expect(merged['org.opencontainers.image.title']).toBe('Shipshape');
    expect(merged.team).toBe('core');
    expect(merged['org.opencontainers.image.version']).toBe('main');
  });
});
