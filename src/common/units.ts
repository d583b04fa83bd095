/**
 * Sizes and durations as people write them in a workflow: `500MB`, `10GB`, `1.5GiB`; `30m`, `24h`, `7d`.
 * Decimal units are powers of 1000 and binary ones (`KiB`, `MiB`…) powers of 1024, as the SI and IEC
 * define them; a bare number is bytes.
 */
const SIZE_UNITS: Record<string, number> = {
  b: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  t: 1e12,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** Bytes, or `undefined` when the text is not a size. */
export function parseSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  if (!match) return undefined;
  const unit = SIZE_UNITS[(match[2] || 'b').toLowerCase()];
  if (unit === undefined) return undefined;
  return Math.round(Number(match[1]) * unit);
}

const DURATION_UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/** Milliseconds of `30m`, `24h`, `7d`, `1h30m`; `undefined` when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const value = text.trim();
  if (!/^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+$/.test(value)) return undefined;
  let total = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)) {
    total += Number(amount) * DURATION_UNITS[unit];
  }
  return Math.round(total);
}

/** A percentage: `5%` -> 5; `undefined` otherwise. */
export function parsePercent(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*%$/.exec(text.trim());
  return match ? Number(match[1]) : undefined;
}
