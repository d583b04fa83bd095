import type { CleanupResult, ObjectKind } from '../cleanup/cleanup.js';
import type { DiskState } from '../cleanup/disk.js';
import type { DiskUsageRow } from '../engine/docker.js';
import type { TestResult } from '../container-tests/types.js';
import { cell, formatBytes, formatDuration, shortId } from '../common/format.js';

export interface MainReport {
  image: string;
  imageId: string;
  references: string[];
  size: number;
  builder: string;
  buildMs: number;
  tests: TestResult[];
  push: { requested: boolean; digest: string; skippedReason?: string };
  cache?: { mode: string; hit: string; size: number };
}

const OUTPUT_LIMIT = 1500;

export function mainSummary(report: MainReport): string {
  const failed = report.tests.filter((test) => !test.passed).length;
  const pushLine = report.push.digest
    ? `pushed, digest \`${report.push.digest}\``
    : (report.push.skippedReason ?? (report.push.requested ? 'not pushed' : 'not pushed (`push: false`)'));
  const out = [
    `## Shipshape: ${report.image}`,
    '',
    '| | |',
    '|---|---|',
    `| Image ID | \`${shortId(report.imageId)}\` (\`${report.imageId}\`) |`,
    `| Size | ${formatBytes(report.size)} (${report.size} bytes, uncompressed) |`,
    `| Tags | ${report.references.map((ref) => `\`${ref}\``).join('<br>')} |`,
    `| Builder | ${cell(report.builder)}, ${formatDuration(report.buildMs)} |`,
    `| Tests | ${report.tests.length === 0 ? 'none given' : `${report.tests.length - failed} passed, ${failed} failed`} |`,
    `| Push | ${pushLine} |`,
  ];
  if (report.cache && report.cache.mode !== 'none') {
    const hit = {
      true: 'exact key restored',
      partial: 'restored from a restore key',
      false: 'no cache restored',
    }[report.cache.hit];
    const size = report.cache.size > 0 ? `, ${formatBytes(report.cache.size)} saved for the next run` : '';
    out.push(`| Layer cache | \`${report.cache.mode}\`: ${hit ?? report.cache.hit}${size} |`);
  }
  if (report.tests.length > 0) {
    out.push('', '### Tests', '', '| Test | Result | Duration | Expected | Seen |', '|---|---|---|---|---|');
    for (const test of report.tests) {
      const result = test.passed ? 'passed' : test.timedOut ? 'timed out' : 'failed';
      const expected = test.passed ? '' : cell(clip(test.expected ?? ''));
      const seen = test.passed ? '' : cell(clip(test.actual ?? ''));
      out.push(
        `| \`${cell(test.name)}\` | ${result} | ${formatDuration(test.durationMs)} | ${expected} | ${seen} |`,
      );
    }
    for (const test of report.tests.filter((t) => !t.passed && t.output)) {
      out.push('', `<details><summary>Output of <code>${escapeHtml(test.name)}</code></summary>`, '', '```');
      out.push(trimOutput(test.output ?? ''), '```', '</details>');
    }
  }
  return `${out.join('\n')}\n`;
}

export interface CleanupReportContext {
  title?: string;
  policy: string;
  before: DiskState;
  after: DiskState;
}

const KIND_ROWS: { kind: ObjectKind; label: string }[] = [
  { kind: 'container', label: 'Containers' },
  { kind: 'image', label: 'Images' },
  { kind: 'network', label: 'Networks' },
  { kind: 'volume', label: 'Volumes' },
  { kind: 'build cache', label: 'Build cache' },
];

/** What a cleanup removed, per kind and owner, and the disk before and after. */
export function cleanupSummary(result: CleanupResult, context: CleanupReportContext): string {
  const sum = (objects: CleanupResult['removed']) =>
    objects.reduce((total, object) => total + object.bytes, 0);
  const out = [
    // A blank line first: this follows the main step's table in the same job summary.
    '',
    `### ${context.title ?? 'Shipshape cleanup'}`,
    '',
    `Policy \`${context.policy}\`.`,
    '',
    '| Removed | Count | Of this run | Disk space |',
    '|---|---|---|---|',
  ];
  for (const { kind, label } of KIND_ROWS) {
    const objects = result.removed.filter((object) => object.kind === kind);
    const count = kind === 'build cache' ? (objects.length > 0 ? 'pruned' : '0') : String(objects.length);
    const ofRun = objects.filter((object) => object.owner === 'run').length;
    const bytes = kind === 'network' ? '' : formatBytes(sum(objects));
    out.push(`| ${label} | ${count} | ${kind === 'build cache' ? '' : ofRun} | ${bytes} |`);
  }
  out.push(
    `| **Total** | ${result.removed.filter((o) => o.kind !== 'build cache').length} | ${result.removed.filter((o) => o.owner === 'run').length} | **${formatBytes(result.bytesFreed)}** (${result.bytesFreed} bytes) |`,
  );
  out.push('', '| Disk | Before | After |', '|---|---|---|');
  const free = (state: DiskState) =>
    state.freeBytes === undefined ? 'unknown' : formatBytes(state.freeBytes);
  out.push(
    `| Free at \`${context.before.path || '?'}\` | ${free(context.before)} | ${free(context.after)} |`,
  );
  for (const row of context.before.usage) {
    const later = context.after.usage.find((other) => other.type === row.type);
    const show = (r?: DiskUsageRow) =>
      r ? `${formatBytes(r.size)} in ${r.count} (${formatBytes(r.reclaimable)} reclaimable)` : '';
    out.push(`| Docker ${row.type.toLowerCase()} | ${show(row)} | ${show(later)} |`);
  }
  if (result.failures.length > 0) {
    out.push('', 'Could not remove:', '');
    for (const failure of result.failures)
      out.push(`- ${failure.kind} \`${shortId(failure.id)}\`: ${cell(failure.reason)}`);
  }
  if (result.kept.length > 0) {
    out.push(
      '',
      `<details><summary>Kept ${result.kept.length} object(s) the policy chose but the engine still needs</summary>`,
      '',
    );
    for (const kept of result.kept.slice(0, 50))
      out.push(`- ${kept.kind} \`${shortId(kept.id)}\`: ${cell(kept.reason)}`);
    out.push('</details>');
  }
  return `${out.join('\n')}\n`;
}

export function trimOutput(output: string): string {
  const text = output.trimEnd().replace(/```/g, "'''");
  return text.length > OUTPUT_LIMIT ? `…${text.slice(-OUTPUT_LIMIT)}` : text || '(no output)';
}

function clip(text: string, limit = 200): string {
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
