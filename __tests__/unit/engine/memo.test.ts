import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Memo } from '../../../src/engine/memo.js';

const isNumber = (value: unknown): value is number => typeof value === 'number';
const roots: string[] = [];
function toolCache(): string {
  const root = mkdtempSync(join(tmpdir(), 'memo-test-'));
  roots.push(root);
  return root;
}
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('Memo', () => {
  it('keeps facts in the tool cache from one job to the next, private to the runner user', async () => {
    const env = { RUNNER_TOOL_CACHE: toolCache() };
    const first = Memo.open('sizes', isNumber, { env });
    expect(first.get('a')).toBeUndefined();
    first.set('a', 1);
    await first.save();
    expect(Memo.open('sizes', isNumber, { env }).get('a')).toBe(1);
    const file = join(env.RUNNER_TOOL_CACHE, 'shipshape', 'sizes.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ a: 1 });
  });

  it('drops entries its check refuses, and keeps only the newest `limit`', async () => {
    const env = { RUNNER_TOOL_CACHE: toolCache() };
    mkdirSync(join(env.RUNNER_TOOL_CACHE, 'shipshape'), { mode: 0o700 });
    writeFileSync(join(env.RUNNER_TOOL_CACHE, 'shipshape', 'sizes.json'), '{"a":"x","b":2}', {
      mode: 0o600,
    });
    const memo = Memo.open('sizes', isNumber, { env, limit: 2 });
    expect(memo.get('a')).toBeUndefined();
    expect(memo.get('b')).toBe(2);
    memo.set('c', 3);
    memo.set('d', 4);
    await memo.save();
    const again = Memo.open('sizes', isNumber, { env });
    expect([again.get('b'), again.get('c'), again.get('d')]).toEqual([undefined, 3, 4]);
  });

  it('reads nothing from a file others can write, or a symlink, and lives in memory without a tool cache', async () => {
    const env = { RUNNER_TOOL_CACHE: toolCache() };
    const dir = join(env.RUNNER_TOOL_CACHE, 'shipshape');
    mkdirSync(dir, { mode: 0o700 });
    const file = join(dir, 'sizes.json');
    writeFileSync(file, '{"a":1}');
    chmodSync(file, 0o666);
    expect(Memo.open('sizes', isNumber, { env }).get('a')).toBeUndefined();
    rmSync(file);
    const elsewhere = join(env.RUNNER_TOOL_CACHE, 'planted.json');
    writeFileSync(elsewhere, '{"a":1}', { mode: 0o600 });
    symlinkSync(elsewhere, file);
    expect(Memo.open('sizes', isNumber, { env }).get('a')).toBeUndefined();

    const none = Memo.open('sizes', isNumber, { env: {} });
    none.set('a', 5);
    await none.save();
    expect(none.get('a')).toBe(5);
    expect(Memo.open('sizes', isNumber, { env: {} }).get('a')).toBeUndefined();
  });

  it('uses no directory others can write', async () => {
    const env = { RUNNER_TOOL_CACHE: toolCache() };
    const dir = join(env.RUNNER_TOOL_CACHE, 'shipshape');
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    const memo = Memo.open('sizes', isNumber, { env });
    memo.set('a', 1);
    await memo.save();
    expect(() => readFileSync(join(dir, 'sizes.json'))).toThrow();
  });
});
