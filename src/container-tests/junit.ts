import { testLabel, type TestResult } from './results.js';

/** Longest `message` attribute on a `<failure>`; the element's text has the rest. */
const MESSAGE_LIMIT = 200;

/**
 * The results as JUnit XML: one `<testsuite>` named `suiteName`, one `<testcase>` per result with
 * `classname` = its kind, and a `<failure>` carrying what was expected and what was seen. Pure.
 */
export function toJUnit(results: TestResult[], suiteName: string, timestamp: Date): string {
  const failures = results.filter((r) => !r.passed).length;
  const totalMs = results.reduce((sum, r) => sum + r.durationMs, 0);
  const counts = `tests="${results.length}" failures="${failures}" errors="0" skipped="0" time="${seconds(totalMs)}"`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(suiteName)}" ${counts}>`,
    // The Ant schema's timestamp: ISO 8601 without a zone (UTC here) and without milliseconds.
    `  <testsuite name="${attr(suiteName)}" ${counts} timestamp="${timestamp.toISOString().slice(0, 19)}">`,
  ];
  for (const result of results) {
    const open = `    <testcase name="${attr(testLabel(result))}" classname="${result.kind}" time="${seconds(result.durationMs)}"`;
    const body: string[] = [];
    if (!result.passed) {
      body.push(
        `      <failure message="${attr(failureMessage(result))}">${text(failureDetail(result))}</failure>`,
      );
    }
    if (result.output) body.push(`      <system-out>${text(result.output)}</system-out>`);
    if (body.length === 0) lines.push(`${open}/>`);
    else lines.push(`${open}>`, ...body, '    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}

function failureMessage(result: TestResult): string {
  let message = result.timedOut ? 'timed out' : result.expected ? `expected ${result.expected}` : 'failed';
  message = message.split('\n')[0];
  return message.length > MESSAGE_LIMIT ? `${message.slice(0, MESSAGE_LIMIT - 1)}…` : message;
}

function failureDetail(result: TestResult): string {
  const parts: string[] = [];
  if (result.timedOut) parts.push('timed out');
  if (result.expected !== undefined) parts.push(`expected: ${result.expected}`);
  if (result.actual !== undefined) parts.push(`actual: ${result.actual}`);
  return parts.join('\n');
}

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

/** ANSI escape sequences (colours, cursor movement) that container output often carries. */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-?]*[ -/]*[@-~]`, 'g');

/** Drops what XML 1.0 cannot carry: control characters other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF. */
function clean(value: string): string {
  let out = '';
  for (const char of value.replace(ANSI, '')) {
    const code = char.codePointAt(0) ?? 0;
    const allowed =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff && code !== 0x7f) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      code >= 0x10000;
    if (allowed) out += char;
  }
  return out;
}

function text(value: string): string {
  return clean(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values also keep their newlines and tabs, which a parser would otherwise normalise to spaces. */
function attr(value: string): string {
  return text(value)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}
