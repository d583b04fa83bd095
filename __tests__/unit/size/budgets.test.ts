import { describe, expect, it } from 'vitest';
import type { SizeSettings } from '../../../src/settings/size.js';
import { changedEnough, exceededBudgets } from '../../../src/size/budgets.js';
import { change, type SizeDiff } from '../../../src/size/diff.js';
import { image, layer, MB } from './helpers.js';

function sizeSettings(extra: Partial<SizeSettings> = {}): SizeSettings {
  return {
    base: '',
    baseSource: 'none',
    comment: 'on-change',
    commentThreshold: { kind: 'percent', value: 1 },
    limit: 0,
    limitKind: 'compressed',
    githubToken: '',
    commentAuthor: '',
    ...extra,
  };
}

function sizeDiff(compressed: [number?, number?], uncompressed: [number?, number?] = [1, 1]): SizeDiff {
  return {
    compressedSize: change(...compressed),
    size: change(...uncompressed),
    layers: [],
  };
}

describe('exceededBudgets', () => {
  const img = image([layer('sha256:x', 'RUN x', 120 * MB, 300 * MB)]);

  it('reports a compressed size over size-limit with the figures', () => {
    const messages = exceededBudgets(sizeSettings({ limit: 100 * MB }), img, undefined, 'app:main');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain("'size-limit'");
    expect(messages[0]).toContain('100 MB (compressed)');
    expect(messages[0]).toContain('120 MB (120000000 bytes)');
    expect(messages[0]).toContain('20.0 MB over');
  });

  it('allows a size under or equal to the limit, and no limit at all', () => {
    expect(exceededBudgets(sizeSettings({ limit: 200 * MB }), img, undefined, '')).toEqual([]);
    expect(exceededBudgets(sizeSettings({ limit: 120 * MB }), img, undefined, '')).toEqual([]);
    expect(exceededBudgets(sizeSettings({ limit: 0 }), img, undefined, '')).toEqual([]);
  });

  it('measures the uncompressed size when size-limit-kind says so', () => {
    const over = exceededBudgets(
      sizeSettings({ limit: 200 * MB, limitKind: 'uncompressed' }),
      img,
      undefined,
      '',
    );
    expect(over).toHaveLength(1);
    expect(over[0]).toContain('200 MB (uncompressed)');
    expect(over[0]).toContain('300 MB (300000000 bytes), 100 MB over');
    expect(
      exceededBudgets(sizeSettings({ limit: 300 * MB, limitKind: 'uncompressed' }), img, undefined, ''),
    ).toEqual([]);
  });

  it('never passes size-limit on an unknown size: it fails, naming the layer whose figure is missing', () => {
    const unknown = image([
      layer('sha256:a', 'ADD … /', 1 * MB, 2 * MB),
      layer('sha256:x', 'RUN make', undefined, 3 * MB),
    ]);
    const [message, ...rest] = exceededBudgets(sizeSettings({ limit: 100 * MB }), unknown, undefined, '');
    expect(rest).toEqual([]);
    expect(message).toContain("Input 'size-limit' could not be checked");
    expect(message).toContain('compressed size is unknown (no compressed size for layer 2 (RUN make))');
    expect(message).toContain('never passes on an unknown size');
    // The uncompressed size is known: that budget is checked as usual.
    expect(
      exceededBudgets(sizeSettings({ limit: 100 * MB, limitKind: 'uncompressed' }), unknown, undefined, ''),
    ).toEqual([]);
    expect(exceededBudgets(sizeSettings({ limit: 0 }), unknown, undefined, '')).toEqual([]);
  });

  it('reports growth over a percent increase limit, naming the base and the bytes', () => {
    const settings = sizeSettings({ increaseLimit: { kind: 'percent', value: 5 } });
    const messages = exceededBudgets(settings, img, sizeDiff([100 * MB, 110 * MB]), 'ghcr.io/acme/app:main');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain("'size-increase-limit' is 5% (compressed)");
    expect(messages[0]).toContain('grew by +10.0 MB (+10.0%) against ghcr.io/acme/app:main');
    expect(messages[0]).toContain('(100000000 → 110000000 bytes)');
    expect(exceededBudgets(settings, img, sizeDiff([100 * MB, 105 * MB]), 'b')).toEqual([]);
    expect(exceededBudgets(settings, img, sizeDiff([100 * MB, 104 * MB]), 'b')).toEqual([]);
    expect(exceededBudgets(settings, img, sizeDiff([100 * MB, 50 * MB]), 'b')).toEqual([]);
  });

  it('reports growth over a bytes increase limit', () => {
    const settings = sizeSettings({ increaseLimit: { kind: 'bytes', value: 5 * MB } });
    const messages = exceededBudgets(settings, img, sizeDiff([100 * MB, 106 * MB]), 'app:main');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain("'size-increase-limit' is 5.00 MB (compressed)");
    expect(messages[0]).toContain('+6.00 MB (+6.0%) against app:main');
    expect(exceededBudgets(settings, img, sizeDiff([100 * MB, 105 * MB]), 'b')).toEqual([]);
  });

  it('compares the uncompressed growth when the limit kind is uncompressed', () => {
    const settings = sizeSettings({
      limitKind: 'uncompressed',
      increaseLimit: { kind: 'bytes', value: 5 * MB },
    });
    // compressed grew a lot, uncompressed did not
    expect(exceededBudgets(settings, img, sizeDiff([1 * MB, 90 * MB], [100 * MB, 101 * MB]), 'b')).toEqual(
      [],
    );
    const over = exceededBudgets(settings, img, sizeDiff([1 * MB, 1 * MB], [100 * MB, 110 * MB]), 'b');
    expect(over).toHaveLength(1);
    expect(over[0]).toContain('(uncompressed)');
  });

  it('gives no increase message without a base, or when the base is not in the registry yet', () => {
    const settings = sizeSettings({ increaseLimit: { kind: 'bytes', value: 0 } });
    expect(exceededBudgets(settings, img, undefined, 'b')).toEqual([]);
    expect(exceededBudgets(settings, img, undefined, 'b', { reference: 'b', found: false })).toEqual([]);
  });

  it('fails size-increase-limit on an unknown growth, naming the missing figure', () => {
    const settings = sizeSettings({ increaseLimit: { kind: 'bytes', value: 0 } });
    const baseImage = image([layer('sha256:a', 'ADD … /', undefined, 2 * MB)]);
    const [unknownBase] = exceededBudgets(settings, img, sizeDiff([undefined, 110 * MB]), 'app:main', {
      reference: 'app:main',
      found: true,
      image: baseImage,
    });
    expect(unknownBase).toContain(
      "Input 'size-increase-limit' could not be checked: the compressed size of app:main is unknown (no compressed size for layer 1 (ADD … /))",
    );
    const [unreadable] = exceededBudgets(settings, img, undefined, 'app:main', {
      reference: 'app:main',
      found: false,
      error: true,
      reason: 'the registry answered 503',
    });
    expect(unreadable).toContain('app:main could not be read: the registry answered 503');
    const [unknownImage] = exceededBudgets(settings, img, sizeDiff([100 * MB, undefined]), 'app:main', {
      reference: 'app:main',
      found: true,
      image: img,
    });
    expect(unknownImage).toContain('the compressed size of this image is unknown');
  });

  it('can report both budgets at once', () => {
    const settings = sizeSettings({ limit: 100 * MB, increaseLimit: { kind: 'percent', value: 1 } });
    const messages = exceededBudgets(settings, img, sizeDiff([100 * MB, 120 * MB]), 'b');
    expect(messages).toHaveLength(2);
    expect(messages[0]).toContain("'size-limit'");
    expect(messages[1]).toContain("'size-increase-limit'");
  });
});

describe('changedEnough', () => {
  it('compares the compressed change with a percent threshold, both ways', () => {
    const settings = sizeSettings({ commentThreshold: { kind: 'percent', value: 1 } });
    expect(changedEnough(settings, sizeDiff([1000, 1011]))).toBe(true);
    expect(changedEnough(settings, sizeDiff([1000, 989]))).toBe(true);
    expect(changedEnough(settings, sizeDiff([1000, 1010]))).toBe(false);
    expect(changedEnough(settings, sizeDiff([1000, 1000]))).toBe(false);
  });

  it('compares with a bytes threshold', () => {
    const settings = sizeSettings({ commentThreshold: { kind: 'bytes', value: 100 } });
    expect(changedEnough(settings, sizeDiff([1000, 1101]))).toBe(true);
    expect(changedEnough(settings, sizeDiff([1000, 899]))).toBe(true);
    expect(changedEnough(settings, sizeDiff([1000, 1100]))).toBe(false);
  });

  it('ignores the uncompressed size', () => {
    const settings = sizeSettings({ commentThreshold: { kind: 'percent', value: 1 } });
    expect(changedEnough(settings, sizeDiff([1000, 1000], [1000, 5000]))).toBe(false);
  });

  it('is false without a base or with an unknown change', () => {
    const settings = sizeSettings();
    expect(changedEnough(settings, undefined)).toBe(false);
    expect(changedEnough(settings, sizeDiff([undefined, 1000]))).toBe(false);
    // From 0 the percent is unknown.
    expect(changedEnough(settings, sizeDiff([0, 1000]))).toBe(false);
  });
});
