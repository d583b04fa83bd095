import { describe, expect, it } from 'vitest';
import {
  parseClientVersion,
  parseDiskUsageRow,
  parseHumanSize,
  parseImageRemoval,
  parsePushDigest,
} from '../../../src/engine/docker.js';

describe('parseClientVersion', () => {
  it('reads both release and distribution versions', () => {
    expect(parseClientVersion('Docker version 28.2.2, build e6534b4')).toBe('28.2.2');
    expect(parseClientVersion('Docker version 20.10.24+dfsg1, build 297e128')).toBe('20.10.24+dfsg1');
    expect(parseClientVersion('garbage')).toBe('');
  });
});

describe('parseHumanSize', () => {
  it("reads Docker's decimal sizes", () => {
    expect(parseHumanSize('24.84MB')).toBe(24_840_000);
    expect(parseHumanSize('2.395kB')).toBe(2395);
    expect(parseHumanSize('0B')).toBe(0);
    expect(parseHumanSize('1.2GB')).toBe(1_200_000_000);
    expect(parseHumanSize('512B')).toBe(512);
    expect(parseHumanSize('3TB')).toBe(3e12);
    expect(parseHumanSize(' 1.5 GB ')).toBe(1_500_000_000);
  });
  it.each(['', 'N/A', 'MB', '12', '1.2XB', '-1MB', '1.2GiB'])('rejects %j', (text) => {
    expect(parseHumanSize(text)).toBeUndefined();
  });
});

describe('parseDiskUsageRow', () => {
  it('reads a `docker system df` row, reclaimable without its percentage', () => {
    const row = JSON.parse(
      '{"Active":"0","Reclaimable":"24.84MB (100%)","Size":"24.84MB","TotalCount":"7","Type":"Images"}',
    ) as Record<string, string>;
    expect(parseDiskUsageRow(row)).toEqual({
      type: 'Images',
      count: 7,
      size: 24_840_000,
      reclaimable: 24_840_000,
    });
  });
  it('reads what it cannot understand as zero', () => {
    expect(parseDiskUsageRow({ Type: 'Build Cache', Size: 'N/A', TotalCount: 'x' })).toEqual({
      type: 'Build Cache',
      count: 0,
      size: 0,
      reclaimable: 0,
    });
  });
});

describe('parseImageRemoval', () => {
  const id = `sha256:0123456789ab${'c'.repeat(52)}`;
  const deleted = `sha256:${'f'.repeat(64)}`;
  const inUse =
    'Error response from daemon: conflict: unable to delete 0123456789ab (must be forced) - image is being used by stopped container abcdef';

  it('tells removed refs from ones the daemon refused, by name or by short ID', () => {
    const outcome = parseImageRemoval(
      ['app:v1', id],
      `Untagged: app:v1\nDeleted: ${deleted}\n`,
      `${inUse}\n`,
      1,
    );
    expect(outcome).toEqual({
      removed: ['app:v1'],
      deleted: [deleted],
      failed: [{ id, reason: inUse }],
    });
    // A ref given as the bare short ID is matched too.
    expect(parseImageRemoval(['0123456789ab'], '', inUse, 1).failed).toEqual([
      { id: '0123456789ab', reason: inUse },
    ]);
  });
  it('lists every Deleted ID, parents and layers included', () => {
    const layer = `sha256:${'e'.repeat(64)}`;
    const outcome = parseImageRemoval([id], `Deleted: ${id}\nDeleted: ${layer}\n`, '', 0);
    expect(outcome).toEqual({ removed: [id], deleted: [id, layer], failed: [] });
  });
  it('counts an image that is already gone as removed', () => {
    const outcome = parseImageRemoval(
      ['gone:v1', 'app:v2'],
      'Untagged: app:v2\n',
      'Error response from daemon: No such image: gone:v1\n',
      1,
    );
    expect(outcome.removed).toEqual(['gone:v1', 'app:v2']);
    expect(outcome.failed).toEqual([]);
    const byId = parseImageRemoval([id], '', 'Error response from daemon: No such image: 0123456789ab', 1);
    expect(byId).toEqual({ removed: [id], deleted: [], failed: [] });
  });
  it('fails every ref when the error names none of them (the daemon is down)', () => {
    const down =
      'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?';
    const outcome = parseImageRemoval(['app:v1', id], '', `${down}\n`, 1);
    expect(outcome).toEqual({
      removed: [],
      deleted: [],
      failed: [
        { id: 'app:v1', reason: down },
        { id, reason: down },
      ],
    });
  });
  it('does not blame a ref for an error about a longer ref that contains it', () => {
    // Pushing to Docker Hub and GHCR: the last reference of an image a container uses cannot be
    // removed, and Docker names it; the other was untagged.
    const conflict =
      'Error response from daemon: conflict: unable to remove repository reference "ghcr.io/acme/app:v1" (must force) - container 1a2b3c4d5e6f is using its referenced image 0123456789ab';
    const outcome = parseImageRemoval(
      ['acme/app:v1', 'ghcr.io/acme/app:v1'],
      'Untagged: acme/app:v1\n',
      `${conflict}\n`,
      1,
    );
    // `acme/app:v1` is a substring of `ghcr.io/acme/app:v1` but not the ref the error names.
    expect(outcome.failed).toEqual([{ id: 'ghcr.io/acme/app:v1', reason: conflict }]);
    expect(outcome.removed).toEqual(['acme/app:v1']);
  });
});

describe('reports', () => {
  it('parses the digest docker push prints', () => {
    const digest = `sha256:${'ab'.repeat(32)}`;
    expect(parsePushDigest(`v1: digest: ${digest} size: 942\n`)).toBe(digest);
    expect(parsePushDigest('nothing')).toBe('');
  });
});
