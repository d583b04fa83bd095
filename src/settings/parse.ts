import { statSync } from 'node:fs';
import { InputError } from '../common/errors.js';
import { parseDuration, parseSize } from '../common/units.js';

/** How the settings read one input: the runner's `core.getInput`, or a test's table. */
export type InputReader = (name: string) => string;

export function lines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** Lists accept one item per line or comma-separated items, as the docker/* actions do. */
export function list(value: string): string[] {
  return lines(value)
    .flatMap((line) => line.split(','))
    .map((item) => item.trim())
    .filter(Boolean);
}

export function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

export function keyValueLines(value: string, input: string, form: string): [string, string][] {
  return lines(value).map((line) => {
    const at = line.indexOf('=');
    if (at < 0) throw new InputError(input, line, `each line must be ${form}; this line has no '='.`);
    if (at === 0)
      throw new InputError(input, line, `each line must be ${form}; the name before '=' is empty.`);
    return [line.slice(0, at).trim(), line.slice(at + 1)];
  });
}

const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];

export function booleanInput(input: string, raw: string, fallback: boolean): boolean {
  const value = raw.trim();
  if (value === '') return fallback;
  if (TRUE.includes(value)) return true;
  if (FALSE.includes(value)) return false;
  throw new InputError(input, value, "use 'true' or 'false'.");
}

/** Upper bounds of the numeric inputs (README, "Inputs"): anything larger is a mistake. */
export const LIMITS = {
  /** Sizes: 1 PB. */
  bytes: 1e15,
  /** Ages and durations: 10 years. */
  ms: 3650 * 86_400_000,
  /** Seconds a test may take: below Node's longest timer (2^31 − 1 ms, 24.8 days). */
  seconds: 2_000_000,
  /** Counts (`test-parallelism`). */
  count: 1024,
} as const;

/** A size (`500MB`, `10GB`, `1.5GiB`, or bytes); `0` is allowed and means none. */
export function sizeInput(input: string, raw: string, fallback: number): number {
  const value = raw.trim();
  if (value === '') return fallback;
  const bytes = parseSize(value);
  if (bytes !== undefined && !(bytes <= LIMITS.bytes)) {
    throw new InputError(input, value, 'give a size of at most 1PB.');
  }
  if (bytes === undefined) {
    throw new InputError(
      input,
      value,
      "give a size: a number with a unit, e.g. '500MB', '10GB' or '1.5GiB' (kB/MB/GB are powers of 1000, KiB/MiB/GiB of 1024), or bytes.",
    );
  }
  return bytes;
}

export function durationInput(input: string, raw: string, fallback: number): number {
  const value = raw.trim();
  if (value === '') return fallback;
  const ms = parseDuration(value);
  if (ms !== undefined && !(ms <= LIMITS.ms)) {
    throw new InputError(input, value, "give a duration of at most 10 years ('3650d').");
  }
  if (ms === undefined) {
    throw new InputError(
      input,
      value,
      "give a duration: a number with a unit s, m, h, d or w, e.g. '30m', '24h' or '7d'.",
    );
  }
  return ms;
}

export function positiveSeconds(input: string, raw: string, fallback: number): number {
  const value = raw.trim();
  if (value === '') return fallback;
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(seconds) || seconds <= 0) {
    throw new InputError(input, value, "give a positive number of seconds, e.g. '300'.");
  }
  if (seconds > LIMITS.seconds) {
    throw new InputError(input, value, `give at most ${LIMITS.seconds} seconds (23 days).`);
  }
  return seconds;
}

export function positiveInteger(input: string, raw: string, fallback: number): number {
  const value = raw.trim();
  if (value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new InputError(input, value, "give a whole number of at least 1, e.g. '4'.");
  }
  if (Number(value) > LIMITS.count) {
    throw new InputError(input, value, `give at most ${LIMITS.count}.`);
  }
  return Number(value);
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function isSocket(path: string): boolean {
  try {
    return statSync(path).isSocket();
  } catch {
    return false;
  }
}
