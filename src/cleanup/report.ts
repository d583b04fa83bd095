import type { DiskUsageRow } from '../engine/docker.js';
import { cell, formatBytes, shortId } from '../common/format.js';
import type { CleanupResult, ObjectKind } from './cleanup.js';
import type { DiskState } from './disk.js';

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
