import { describe, expect, it } from 'vitest';
import { LEASE_LABEL, RUN_LABEL } from '../../src/cleanup/ownership.js';
import {
  LEASE_TTL_MS,
  liveRuns,
  planRemovals,
  type ContainerFacts,
  type ImageFacts,
  type RunFacts,
  type Snapshot,
  type VolumeFacts,
} from '../../src/cleanup/policy.js';
import type { CleanupPolicy } from '../../src/settings/cleanup.js';
import { isPruneConflict, retryPruneConflict } from '../../src/cleanup/prune.js';
import { parseDiskUsageRow, parseHumanSize, parseImageRemoval } from '../../src/engine/docker.js';
import type { ExecResult } from '../../src/engine/exec.js';
import { parseDuration, parsePercent, parseSize } from '../../src/common/units.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('parseSize', () => {
  it('reads decimal units as powers of 1000 and binary ones as powers of 1024', () => {
    expect(parseSize('500MB')).toBe(500_000_000);
    expect(parseSize('10GB')).toBe(10_000_000_000);
    expect(parseSize('2kB')).toBe(2000);
    expect(parseSize('3T')).toBe(3e12);
    expect(parseSize('1.5GiB')).toBe(1.5 * 1024 ** 3);
    expect(parseSize('4KiB')).toBe(4096);
    expect(parseSize('2MiB')).toBe(2 * 1024 ** 2);
  });
  it('reads a bare number, or one with B, as bytes, and allows zero', () => {
    expect(parseSize('0')).toBe(0);
    expect(parseSize('12345')).toBe(12_345);
    expect(parseSize('42B')).toBe(42);
    expect(parseSize('0GB')).toBe(0);
  });
  it('ignores case, surrounding blanks and a space before the unit', () => {
    expect(parseSize('5gb')).toBe(5e9);
    expect(parseSize('5Gb')).toBe(5e9);
    expect(parseSize('1.5 MB')).toBe(1_500_000);
    expect(parseSize('  7 gib  ')).toBe(7 * 1024 ** 3);
  });
  it('rounds fractional bytes to a whole number', () => {
    expect(parseSize('1.5')).toBe(2);
    expect(parseSize('0.0001kB')).toBe(0);
    expect(Number.isInteger(parseSize('1.1KiB'))).toBe(true);
  });
  it.each(['ten', '5XB', '-1GB', '', '   ', '10%', 'GB', '1.GB', '.5GB', '1e3', '5 G B', '1,5GB'])(
    'rejects %j',
    (text) => {
      expect(parseSize(text)).toBeUndefined();
    },
  );
});

describe('parseDuration', () => {
  it('reads each unit', () => {
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('45s')).toBe(45 * SECOND);
    expect(parseDuration('30m')).toBe(30 * MINUTE);
    expect(parseDuration('24h')).toBe(24 * HOUR);
    expect(parseDuration('7d')).toBe(7 * DAY);
    expect(parseDuration('1w')).toBe(7 * DAY);
    expect(parseDuration('0s')).toBe(0);
  });
  it('sums compound durations and fractions, and tells minutes from milliseconds', () => {
    expect(parseDuration('1h30m')).toBe(90 * MINUTE);
    expect(parseDuration('1d12h')).toBe(36 * HOUR);
    expect(parseDuration('1m30s')).toBe(90 * SECOND);
    expect(parseDuration('2m500ms')).toBe(2 * MINUTE + 500);
    expect(parseDuration('1.5h')).toBe(90 * MINUTE);
    expect(parseDuration(' 24h ')).toBe(24 * HOUR);
  });
  it.each(['24', 'h', '1y', '-1h', '', '1h 30m', 'h1', '1.h', 'ten minutes', '30M'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('parsePercent', () => {
  it('reads a number followed by a percent sign', () => {
    expect(parsePercent('5%')).toBe(5);
    expect(parsePercent('12.5 %')).toBe(12.5);
    expect(parsePercent(' 0% ')).toBe(0);
    expect(parsePercent('100%')).toBe(100);
  });
  it.each(['5', '%', '-5%', 'five%', '5%%', '', '5 percent'])('rejects %j', (text) => {
    expect(parsePercent(text)).toBeUndefined();
  });
});

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
    it('untags nothing when another run moved the tag to its own image', () => {
      const moved = img(hex('d'), YOUNG, { tags: ['acme/app:v1'], labels: byRun(LIVE_KEY) });
      const run = facts({ pushed: { imageId: pushedImage.id, references: ['acme/app:v1'] } });
      expect(plan(snapshot({ images: [moved] }), 'run', run).untag).toEqual([]);
      const stripped = { ...pushedImage, repoTags: ['ghcr.io/acme/app:v1'] };
      expect(plan(snapshot({ images: [stripped, moved] }), 'run', run).untag).toEqual([]);
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

function execResult(stderr = '', exitCode = 0, stdout = ''): ExecResult {
  return { exitCode, stdout, stderr, timedOut: false };
}

const CONFLICT = 'Error response from daemon: a prune operation is already running';

describe('isPruneConflict', () => {
  it('recognises the daemon answering that a prune is already running', () => {
    expect(isPruneConflict(execResult(`${CONFLICT}\n`, 1))).toBe(true);
    expect(isPruneConflict(execResult('', 1, CONFLICT))).toBe(true);
    expect(isPruneConflict(execResult('ERROR: A PRUNE OPERATION IS ALREADY RUNNING', 1))).toBe(true);
    expect(
      isPruneConflict(execResult('Error response from daemon: 409 Conflict: prune in progress', 1)),
    ).toBe(true);
  });
  it('does not mistake other failures or a normal prune for a conflict', () => {
    expect(isPruneConflict(execResult())).toBe(false);
    expect(isPruneConflict(execResult('', 0, 'Total reclaimed space: 409MB\n'))).toBe(false);
    expect(
      isPruneConflict(
        execResult(
          'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
          1,
        ),
      ),
    ).toBe(false);
    expect(isPruneConflict(execResult('Error response from daemon: permission denied', 1))).toBe(false);
  });
});

describe('retryPruneConflict', () => {
  /** A prune that answers with a conflict `conflicts` times, then succeeds; and a sleep that records. */
  function fakes(conflicts: number) {
    const sleeps: number[] = [];
    let calls = 0;
    const prune = async () => {
      calls++;
      return calls <= conflicts
        ? { result: execResult(CONFLICT, 1), reclaimed: 0 }
        : { result: execResult('', 0, 'Total reclaimed space: 1.5GB'), reclaimed: 1_500_000_000 };
    };
    const sleep = async (ms: number) => {
      sleeps.push(ms);
    };
    return { prune, sleep, sleeps, calls: () => calls };
  }

  it('returns at once without a conflict', async () => {
    const f = fakes(0);
    const outcome = await retryPruneConflict(f.prune, { sleep: f.sleep });
    expect(outcome).toMatchObject({ gaveUp: false, attempts: 1, waitedMs: 0 });
    expect(outcome.gaveUp === false && outcome.value.reclaimed).toBe(1_500_000_000);
    expect(f.sleeps).toEqual([]);
    expect(f.calls()).toBe(1);
  });
  it('returns a failure that is not a conflict without retrying', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const outcome = await retryPruneConflict(
      async () => {
        calls++;
        return { result: execResult('Error response from daemon: permission denied', 1) };
      },
      { sleep: async (ms) => void sleeps.push(ms) },
    );
    expect(outcome.gaveUp).toBe(false);
    expect(outcome.gaveUp === false && outcome.value.result.exitCode).toBe(1);
    expect(calls).toBe(1);
    expect(sleeps).toEqual([]);
  });
  it('retries with doubling waits and succeeds on the third attempt', async () => {
    const f = fakes(2);
    const outcome = await retryPruneConflict(f.prune, { sleep: f.sleep });
    expect(outcome).toMatchObject({ gaveUp: false, attempts: 3, waitedMs: 3000 });
    expect(f.sleeps).toEqual([1000, 2000]);
    expect(f.calls()).toBe(3);
  });
  it('gives up within the budget, never sleeping past it', async () => {
    const f = fakes(Infinity);
    const outcome = await retryPruneConflict(f.prune, { sleep: f.sleep, budgetMs: 5000 });
    expect(outcome).toEqual({ gaveUp: true, attempts: 3, waitedMs: 3000 });
    expect(f.sleeps).toEqual([1000, 2000]);
  });
  it('caps each wait at maxDelay and the total at any budget', async () => {
    const f = fakes(Infinity);
    const outcome = await retryPruneConflict(f.prune, { sleep: f.sleep });
    expect(f.sleeps).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000, 10_000, 10_000]);
    expect(outcome).toEqual({ gaveUp: true, attempts: 9, waitedMs: 55_000 });
    for (const budgetMs of [0, 999, 1000, 2999, 3000, 7000, 12_345]) {
      const g = fakes(Infinity);
      const result = await retryPruneConflict(g.prune, { sleep: g.sleep, budgetMs, firstDelayMs: 500 });
      const slept = g.sleeps.reduce((sum, ms) => sum + ms, 0);
      expect(result.gaveUp).toBe(true);
      expect(slept).toBeLessThanOrEqual(budgetMs);
      expect(result.waitedMs).toBe(slept);
      expect(result.attempts).toBe(g.sleeps.length + 1);
    }
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
