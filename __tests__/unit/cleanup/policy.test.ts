import { describe, expect, it } from 'vitest';
import { LEASE_LABEL, RUN_LABEL } from '../../../src/cleanup/ownership.js';
import {
  LEASE_TTL_MS,
  liveRuns,
  planRemovals,
  type ContainerFacts,
  type ImageFacts,
  type RunFacts,
  type Snapshot,
  type VolumeFacts,
} from '../../../src/cleanup/policy.js';
import type { CleanupPolicy } from '../../../src/settings/cleanup.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// A fixed clock: every `created` below is relative to it.
const NOW = Date.parse('2025-06-01T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const RUN_KEY = 'acme/app/100/1/build/aaaa';
const LIVE_KEY = 'acme/app/101/1/build/bbbb';
const DEAD_KEY = 'acme/app/50/1/build/cccc';
const UNTIL = DAY;
const OLD = ago(2 * DAY);
const YOUNG = ago(HOUR);

const byRun = (key: string) => ({ [RUN_LABEL]: key });
const hex = (seed: string) => `sha256:${seed.repeat(64).slice(0, 64)}`;

function container(
  id: string,
  status: string,
  created: string,
  labels: Record<string, string> = {},
  imageId = hex('0'),
): ContainerFacts {
  return { id, status, created, image: imageId, labels };
}

function img(
  id: string,
  created: string,
  options: { dangling?: boolean; tags?: string[]; labels?: Record<string, string> } = {},
): ImageFacts {
  const tags = options.tags ?? [];
  return {
    id,
    created,
    repoTags: tags,
    labels: options.labels ?? {},
    dangling: options.dangling ?? tags.length === 0,
  };
}

function lease(name: string, key: string, created: string): VolumeFacts {
  return { name, created, labels: { [RUN_LABEL]: key, [LEASE_LABEL]: 'true' } };
}

function snapshot(parts: Partial<Snapshot> = {}): Snapshot {
  return { containers: [], images: [], volumes: [], networks: [], ...parts };
}

function facts(parts: Partial<RunFacts> = {}): RunFacts {
  return { runKey: RUN_KEY, createdImages: [], replacedImages: [], ...parts };
}

function plan(snap: Snapshot, policy: CleanupPolicy, run: RunFacts = facts(), untilMs = UNTIL) {
  return planRemovals(snap, run, { policy, untilMs }, NOW);
}

describe('liveRuns', () => {
  it('lists other runs with a lease younger than the TTL', () => {
    const volumes = [
      lease('fresh', LIVE_KEY, ago(HOUR)),
      lease('almost-expired', 'k/almost', ago(LEASE_TTL_MS - 1)),
      lease('expired', DEAD_KEY, ago(LEASE_TTL_MS)),
      lease('mine', RUN_KEY, ago(HOUR)),
      { name: 'not-a-lease', created: ago(HOUR), labels: byRun('k/plain') },
      { name: 'lease-false', created: ago(HOUR), labels: { ...byRun('k/false'), [LEASE_LABEL]: 'false' } },
      { name: 'no-key', created: ago(HOUR), labels: { [LEASE_LABEL]: 'true' } },
    ];
    expect([...liveRuns(volumes, RUN_KEY, NOW)].sort()).toEqual([LIVE_KEY, 'k/almost'].sort());
  });
  it('is five days long', () => {
    expect(LEASE_TTL_MS).toBe(5 * DAY);
  });
});

describe('planRemovals', () => {
  // One daemon seen by every policy: this run's objects, a live run's, a dead run's, and strangers'.
  const mineRunning = container('c-mine-running', 'running', YOUNG, byRun(RUN_KEY));
  const mineExited = container('c-mine-exited', 'exited', YOUNG, byRun(RUN_KEY));
  const otherExited = container('c-other-exited', 'exited', OLD);
  const otherCreated = container('c-other-created', 'created', OLD);
  const otherDead = container('c-other-dead', 'dead', OLD);
  const otherRunning = container('c-other-running', 'running', OLD);
  const otherPaused = container('c-other-paused', 'paused', OLD);
  const otherRestarting = container('c-other-restarting', 'restarting', OLD);
  const otherYoung = container('c-other-young', 'exited', YOUNG);
  const liveExited = container('c-live-exited', 'exited', OLD, byRun(LIVE_KEY));
  const deadExited = container('c-dead-exited', 'exited', OLD, byRun(DEAD_KEY));

  const mineCreated = img(hex('a'), YOUNG);
  const mineLabelled = img(hex('b'), YOUNG, { labels: byRun(RUN_KEY) });
  const mineTagged = img(hex('c'), YOUNG, { tags: ['acme/app:v1'], labels: byRun(RUN_KEY) });
  const replaced = img(hex('d'), OLD);
  const replacedOfLiveRun = img(hex('e'), OLD, { labels: byRun(LIVE_KEY) });
  const otherDanglingOld = img(hex('f'), ago(3 * DAY));
  const otherDanglingYoung = img(hex('1'), YOUNG);
  const liveDangling = img(hex('2'), OLD, { labels: byRun(LIVE_KEY) });
  const deadDangling = img(hex('3'), ago(4 * DAY), { labels: byRun(DEAD_KEY) });
  const otherTaggedOld = img(hex('4'), ago(10 * DAY), { tags: ['node:20'] });
  const otherTaggedYoung = img(hex('5'), YOUNG, { tags: ['redis:7'] });
  const liveTagged = img(hex('6'), OLD, { tags: ['acme/other:v2'], labels: byRun(LIVE_KEY) });

  const myLease = lease('shipshape-lease-aaaa', RUN_KEY, YOUNG);
  const myVolume: VolumeFacts = { name: 'my-data', created: YOUNG, labels: byRun(RUN_KEY) };

  const daemon = snapshot({
    containers: [
      mineRunning,
      mineExited,
      otherExited,
      otherCreated,
      otherDead,
      otherRunning,
      otherPaused,
      otherRestarting,
      otherYoung,
      liveExited,
      deadExited,
    ],
    images: [
      mineCreated,
      mineLabelled,
      mineTagged,
      replaced,
      replacedOfLiveRun,
      otherDanglingOld,
      otherDanglingYoung,
      liveDangling,
      deadDangling,
      otherTaggedOld,
      otherTaggedYoung,
      liveTagged,
    ],
    volumes: [
      myLease,
      myVolume,
      lease('shipshape-lease-bbbb', LIVE_KEY, ago(HOUR)),
      lease('shipshape-lease-cccc', DEAD_KEY, ago(LEASE_TTL_MS + HOUR)),
    ],
    networks: ['net-mine'],
  });
  const run = facts({
    createdImages: [mineCreated.id, mineTagged.id],
    replacedImages: [replaced.id, replacedOfLiveRun.id],
  });

  describe('run', () => {
    const result = plan(daemon, 'run', run);

    it("removes this run's containers, running ones included, and nobody else's", () => {
      expect(result.containers.sort()).toEqual([mineExited.id, mineRunning.id].sort());
    });
    it("removes this run's networks and volumes, its lease included, and no other lease", () => {
      expect(result.networks).toEqual(['net-mine']);
      expect(result.volumes.sort()).toEqual([myLease.name, myVolume.name].sort());
    });
    it("removes this run's dangling images and the ones its tags left behind, unless a live run's", () => {
      expect(result.images.sort()).toEqual([mineCreated.id, mineLabelled.id, replaced.id].sort());
      expect(result.images).not.toContain(mineTagged.id);
      expect(result.images).not.toContain(replacedOfLiveRun.id);
      expect(result.images).not.toContain(otherDanglingOld.id);
      expect(result.images).not.toContain(deadDangling.id);
    });
    it('never prunes the build cache and has nothing to untag without a push', () => {
      expect(result.pruneBuildCache).toBe(false);
      expect(result.untag).toEqual([]);
    });
    it('removes young images of its own and old replaced ones regardless of until', () => {
      const far = plan(daemon, 'run', run, 365 * DAY);
      expect(far.images.sort()).toEqual([mineCreated.id, mineLabelled.id, replaced.id].sort());
    });
    it('keeps a replaced image that is not dangling (another tag still points at it)', () => {
      const stillTagged = img(hex('7'), OLD, { tags: ['acme/app:stable'] });
      const result = plan(
        snapshot({ images: [stillTagged] }),
        'run',
        facts({ replacedImages: [stillTagged.id] }),
      );
      expect(result.images).toEqual([]);
    });
  });

  describe('dangling', () => {
    const result = plan(daemon, 'dangling', run);

    it("also removes others' old stopped containers: exited, created and dead", () => {
      expect(result.containers).toEqual(
        expect.arrayContaining([otherExited.id, otherCreated.id, otherDead.id, deadExited.id]),
      );
      expect(result.containers).toEqual(expect.arrayContaining([mineRunning.id, mineExited.id]));
    });
    it("never removes others' running, paused or restarting containers, young ones, or a live run's", () => {
      for (const kept of [otherRunning, otherPaused, otherRestarting, otherYoung, liveExited]) {
        expect(result.containers).not.toContain(kept.id);
      }
      expect(result.containers).toHaveLength(6);
    });
    it('removes a stopped container exactly as old as until, not one a millisecond younger', () => {
      const atUntil = container('c-at', 'exited', ago(UNTIL));
      const justYounger = container('c-younger', 'exited', ago(UNTIL - 1));
      expect(plan(snapshot({ containers: [atUntil, justYounger] }), 'dangling').containers).toEqual([
        atUntil.id,
      ]);
    });
    it('lets an expired lease protect nothing', () => {
      const expiredOnly = snapshot({
        containers: [container('c-x', 'exited', OLD, byRun(DEAD_KEY))],
        images: [img(hex('8'), OLD, { labels: byRun(DEAD_KEY) })],
        volumes: [lease('shipshape-lease-cccc', DEAD_KEY, ago(LEASE_TTL_MS))],
      });
      const result = plan(expiredOnly, 'dangling');
      expect(result.containers).toEqual(['c-x']);
      expect(result.images).toEqual([hex('8')]);
      // Another run's lease is not this run's to remove.
      expect(result.volumes).toEqual([]);
    });
    it('protects the objects of a run whose lease is younger than the TTL', () => {
      const live = snapshot({
        containers: [container('c-x', 'exited', OLD, byRun(DEAD_KEY))],
        images: [img(hex('8'), OLD, { labels: byRun(DEAD_KEY) })],
        volumes: [lease('shipshape-lease-cccc', DEAD_KEY, ago(LEASE_TTL_MS - MINUTE))],
      });
      const result = plan(live, 'dangling');
      expect(result.containers).toEqual([]);
      expect(result.images).toEqual([]);
    });
    it('removes old dangling images, never young, live-run or tagged ones', () => {
      expect(result.images.sort()).toEqual(
        [mineCreated.id, mineLabelled.id, replaced.id, otherDanglingOld.id, deadDangling.id].sort(),
      );
      for (const kept of [otherDanglingYoung, liveDangling, otherTaggedOld, otherTaggedYoung, liveTagged]) {
        expect(result.images).not.toContain(kept.id);
      }
    });
    it('keeps a dangling image a kept container uses, and frees one whose container goes too', () => {
      const usedByRunning = img(hex('9'), OLD);
      const usedByExited = img(hex('a'), OLD);
      const usedByMine = img(hex('b'), OLD);
      const snap = snapshot({
        containers: [
          container('c-running', 'running', OLD, {}, usedByRunning.id),
          container('c-exited', 'exited', OLD, {}, usedByExited.id),
          container('c-mine', 'running', YOUNG, byRun(RUN_KEY), usedByMine.id),
        ],
        images: [usedByRunning, usedByExited, usedByMine],
      });
      const result = plan(snap, 'dangling');
      expect(result.containers.sort()).toEqual(['c-exited', 'c-mine']);
      expect(result.images.sort()).toEqual([usedByExited.id, usedByMine.id].sort());
    });
    it("keeps this run's dangling image, and a replaced one, while a kept container uses them", () => {
      const created = img(hex('c'), YOUNG);
      const old = img(hex('d'), OLD);
      const snap = snapshot({
        containers: [
          container('c-1', 'running', OLD, {}, created.id),
          container('c-2', 'paused', OLD, {}, old.id),
        ],
        images: [created, old],
      });
      const run = facts({ createdImages: [created.id], replacedImages: [old.id] });
      expect(plan(snap, 'run', run).images).toEqual([]);
      expect(plan(snap, 'dangling', run).images).toEqual([]);
    });
    it('does not prune the build cache', () => {
      expect(result.pruneBuildCache).toBe(false);
    });
  });

  describe('aggressive', () => {
    const result = plan(daemon, 'aggressive', run);

    it('also removes unused tagged images older than until', () => {
      expect(result.images).toContain(otherTaggedOld.id);
      expect(result.images).not.toContain(otherTaggedYoung.id);
      expect(result.images).not.toContain(liveTagged.id);
      expect(result.images).not.toContain(mineTagged.id);
      expect(result.images.sort()).toEqual(
        [
          mineCreated.id,
          mineLabelled.id,
          replaced.id,
          otherDanglingOld.id,
          deadDangling.id,
          otherTaggedOld.id,
        ].sort(),
      );
    });
    it("keeps this run's own tagged images, whether it knows them by ID or by label", () => {
      const byId = img(hex('7'), OLD, { tags: ['acme/app:a'] });
      const byLabel = img(hex('8'), OLD, { tags: ['acme/app:b'], labels: byRun(RUN_KEY) });
      const result = plan(
        snapshot({ images: [byId, byLabel] }),
        'aggressive',
        facts({ createdImages: [byId.id] }),
      );
      expect(result.images).toEqual([]);
    });
    it('never removes an image a live run names on its lease (a base, a service, a tested image)', () => {
      const base = img(hex('c'), OLD, { tags: ['busybox:1'] });
      const byDigest: ImageFacts = { ...img(hex('d'), OLD), repoDigests: [`postgres@${hex('e')}`] };
      const unnamed = img(hex('f'), OLD, { tags: ['other:1'] });
      const liveLease: VolumeFacts = {
        ...lease('shipshape-lease-bbbb', LIVE_KEY, YOUNG),
        labels: {
          ...lease('x', LIVE_KEY, YOUNG).labels,
          'dev.shipshape.uses.0': 'busybox:1',
          'dev.shipshape.uses.1': `postgres@${hex('e')}`,
        },
      };
      const deadLease: VolumeFacts = {
        ...lease('shipshape-lease-cccc', DEAD_KEY, ago(6 * DAY)),
        labels: { ...lease('y', DEAD_KEY, OLD).labels, 'dev.shipshape.uses.0': 'other:1' },
      };
      const result = plan(
        snapshot({ images: [base, byDigest, unnamed], volumes: [liveLease, deadLease] }),
        'aggressive',
      );
      // A dead runner's lease names nothing any more.
      expect(result.images).toEqual([unnamed.id]);
    });
    it("never takes an image a live run owns for this run's, whatever the build recorded", () => {
      const foreign = img(hex('b'), YOUNG, { labels: byRun(LIVE_KEY) });
      const result = plan(
        snapshot({ images: [foreign], volumes: [lease('shipshape-lease-bbbb', LIVE_KEY, YOUNG)] }),
        'run',
        facts({ createdImages: [foreign.id] }),
      );
      expect(result.images).toEqual([]);
    });
    it('keeps a tagged image a kept container uses, and frees one whose container goes too', () => {
      const used = img(hex('9'), OLD, { tags: ['postgres:16'] });
      const freed = img(hex('a'), OLD, { tags: ['busybox:1'] });
      const snap = snapshot({
        containers: [
          container('c-db', 'running', OLD, {}, used.id),
          container('c-box', 'exited', OLD, {}, freed.id),
        ],
        images: [used, freed],
      });
      const result = plan(snap, 'aggressive');
      expect(result.containers).toEqual(['c-box']);
      expect(result.images).toEqual([freed.id]);
    });
    it("keeps the others' dangling rules and prunes the build cache", () => {
      expect(result.containers.sort()).toEqual(plan(daemon, 'dangling', run).containers.sort());
      expect(result.pruneBuildCache).toBe(true);
    });
  });

  describe('false', () => {
    it('plans nothing at all', () => {
      const pushed = { imageId: mineTagged.id, references: ['acme/app:v1'] };
      expect(plan(daemon, 'false', { ...run, pushed })).toEqual({
        containers: [],
        images: [],
        untag: [],
        volumes: [],
        networks: [],
        pruneBuildCache: false,
      });
    });
  });

  describe('untag', () => {
    const pushedImage = img(hex('c'), YOUNG, {
      tags: ['acme/app:v1', 'ghcr.io/acme/app:v1'],
      labels: byRun(RUN_KEY),
    });
    it('untags pushed references only while the pushed image still carries them', () => {
      const run = facts({
        createdImages: [pushedImage.id],
        pushed: {
          imageId: pushedImage.id,
          references: ['acme/app:v1', 'acme/app:latest', 'ghcr.io/acme/app:v1'],
        },
      });
      for (const policy of ['run', 'dangling', 'aggressive'] as const) {
        expect(plan(snapshot({ images: [pushedImage] }), policy, run).untag).toEqual([
          'acme/app:v1',
          'ghcr.io/acme/app:v1',
        ]);
      }
    });
    it("removes the per-platform images' temporary names that still exist, whatever keep-images says", () => {
      const arm = img(hex('e'), YOUNG, { tags: ['shipshape-1/linux-arm64:build'] });
      const run = facts({
        createdImages: [arm.id],
        temporary: ['shipshape-1/linux-arm64:build', 'shipshape-1/linux-amd64:build'],
      });
      for (const policy of ['run', 'dangling', 'aggressive'] as const) {
        expect(plan(snapshot({ images: [arm] }), policy, run).untag).toEqual([
          'shipshape-1/linux-arm64:build',
        ]);
      }
    });
    it('untags nothing when another run moved the tag to its own image', () => {
      const moved = img(hex('d'), YOUNG, { tags: ['acme/app:v1'], labels: byRun(LIVE_KEY) });
      const run = facts({ pushed: { imageId: pushedImage.id, references: ['acme/app:v1'] } });
      expect(plan(snapshot({ images: [moved] }), 'run', run).untag).toEqual([]);
      const stripped = { ...pushedImage, repoTags: ['ghcr.io/acme/app:v1'] };
      expect(plan(snapshot({ images: [stripped, moved] }), 'run', run).untag).toEqual([]);
    });
  });

  describe('age is when the image arrived on this daemon (issue #13)', () => {
    it('an old image another job pulled (tagged) a moment ago is new: dangling and aggressive keep it', () => {
      const pulled = { ...img(hex('a'), ago(400 * DAY), { tags: ['base:1'] }), lastTagged: YOUNG };
      const untaggedSince = { ...img(hex('b'), ago(400 * DAY)), lastTagged: YOUNG };
      for (const policy of ['dangling', 'aggressive'] as const) {
        expect(plan(snapshot({ images: [pulled, untaggedSince] }), policy).images).toEqual([]);
      }
    });
    it('an image neither created nor tagged lately is old', () => {
      const stale = { ...img(hex('c'), ago(400 * DAY)), lastTagged: '0001-01-01T00:00:00Z' };
      expect(plan(snapshot({ images: [stale] }), 'dangling').images).toEqual([stale.id]);
    });
  });

  describe('order and dates', () => {
    it('lists images newest first', () => {
      const a = img(hex('a'), ago(3 * DAY));
      const b = img(hex('b'), ago(2 * DAY));
      const c = img(hex('c'), ago(5 * DAY));
      const d = img(hex('d'), ago(2 * DAY + SECOND), { tags: ['x:1'] });
      expect(plan(snapshot({ images: [a, b, c, d] }), 'aggressive').images).toEqual([b.id, d.id, a.id, c.id]);
    });
    it('treats an unparseable created time as new: kept by the age rules', () => {
      const images = [
        img(hex('a'), 'not a date'),
        img(hex('b'), ''),
        img(hex('c'), 'garbage', { tags: ['x:1'] }),
      ];
      const containers = [container('c-undated', 'exited', 'yesterday')];
      const result = plan(snapshot({ images, containers }), 'aggressive', facts(), 0);
      expect(result.images).toEqual([]);
      expect(result.containers).toEqual([]);
    });
    it("still removes this run's own dangling images whatever their date", () => {
      const undated = img(hex('a'), 'not a date');
      const run = facts({ createdImages: [undated.id] });
      expect(plan(snapshot({ images: [undated] }), 'run', run).images).toEqual([undated.id]);
    });
    it('orders by time, not by the text of the timestamp (exact seconds print without a fraction)', () => {
      // Go's RFC 3339 (what `docker inspect` prints) drops a zero fraction: `…10:00:00Z` is half a
      // second older than `…10:00:00.5Z`.
      const older = img(hex('a'), '2025-05-01T10:00:00Z');
      const newer = img(hex('b'), '2025-05-01T10:00:00.5Z');
      // By time, not text: '.' sorts before 'Z', so a text comparison would list the older first.
      expect(plan(snapshot({ images: [older, newer] }), 'dangling').images).toEqual([newer.id, older.id]);
    });
    it('orders by time, not by the text of the timestamp (a time with a UTC offset)', () => {
      // 09:00+02:00 is 07:00Z, an hour older than 08:00Z; an image config may carry any offset.
      const parent = img(hex('a'), '2025-05-01T09:00:00+02:00', { tags: ['base:1'] });
      const child = img(hex('b'), '2025-05-01T08:00:00Z', { tags: ['app:1'] });
      // A parent listed first would only be untagged (it still has a child) and stay on disk.
      expect(plan(snapshot({ images: [parent, child] }), 'aggressive').images).toEqual([child.id, parent.id]);
    });
  });
});
