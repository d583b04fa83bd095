/** `1234567` -> `1.23 MB`: decimal units, as Docker and registries show sizes. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const text = unit === 0 ? String(value) : value.toFixed(value >= 100 ? 0 : value >= 10 ? 1 : 2);
  return `${bytes < 0 ? '-' : ''}${text} ${units[unit]}`;
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Makes text safe inside a markdown table cell. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

const OUTPUT_LIMIT = 1500;

/** A program's output for a markdown code block (`fencedBlock`): its tail. */
export function trimOutput(output: string): string {
  const text = output.trimEnd();
  return text.length > OUTPUT_LIMIT ? `…${text.slice(-OUTPUT_LIMIT)}` : text || '(no output)';
}

/** The longest run of backticks in `text`. */
function longestBackticks(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}

/**
 * Untrusted text as an inline code span in a table cell: a fence longer than any backtick run
 * inside (a backtick in a test name cannot end it), one line, `|` escaped for the table.
 */
export function codeSpan(text: string): string {
  const oneLine = text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  const fence = '`'.repeat(longestBackticks(oneLine) + 1);
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${oneLine}${pad}${fence}`;
}

/** Untrusted text as a fenced code block, its fence longer than any backtick run inside (at least 3). */
export function fencedBlock(text: string, info = ''): string {
  const fence = '`'.repeat(Math.max(3, longestBackticks(text) + 1));
  return `${fence}${info}\n${text}\n${fence}`;
}

/**
 * Untrusted text as plain markdown in a table cell: links, images, emphasis, HTML and headings read
 * as the characters they are.
 */
export function escapeMarkdown(text: string): string {
  return cell(text.replace(/[\\`*_{}[\]()#+!<>~]/g, (c) => `\\${c}`));
}
