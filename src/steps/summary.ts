import { testLabel, type TestResult } from '../container-tests/results.js';
import {
  cell,
  codeSpan,
  escapeMarkdown,
  fencedBlock,
  formatBytes,
  formatDuration,
  shortId,
  trimOutput,
} from '../common/format.js';

export interface MainReport {
  image: string;
  imageId: string;
  references: string[];
  size: number;
  builder: string;
  buildMs: number;
  tests: TestResult[];
  push: {
    requested: boolean;
    digest: string;
    skippedReason?: string;
    platforms?: { platform: string; digest: string }[];
  };
  cache?: { mode: string; hit: string; size: number };
  /** Built platforms (several) and the ones the tests did not run on, with why. */
  platforms?: { built: string[]; notTested: { platform: string; why: string }[] };
}

export function mainSummary(report: MainReport): string {
  const failed = report.tests.filter((test) => !test.passed).length;
  const platformDigests = (report.push.platforms ?? [])
    .map(({ platform, digest }) => `${platform}: \`${digest}\``)
    .join('<br>');
  const pushLine = report.push.digest
    ? report.push.platforms?.length
      ? `pushed, image index \`${report.push.digest}\`<br>${platformDigests}`
      : `pushed, digest \`${report.push.digest}\``
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
  if (report.platforms && report.platforms.built.length > 0) {
    const notTested = report.platforms.notTested.map(
      ({ platform, why }) => `${platform} not tested (${cell(why)})`,
    );
    out.push(`| Platforms | ${[report.platforms.built.join(', '), ...notTested].join('<br>')} |`);
  }
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
      // Test names, expectations and what a container printed are the image's text, not markdown.
      const expected = test.passed ? '' : escapeMarkdown(clip(test.expected ?? ''));
      const seen = test.passed ? '' : escapeMarkdown(clip(test.actual ?? ''));
      out.push(
        `| ${codeSpan(testLabel(test))} | ${result} | ${formatDuration(test.durationMs)} | ${expected} | ${seen} |`,
      );
    }
    for (const test of report.tests.filter((t) => !t.passed && t.output)) {
      out.push(
        '',
        `<details><summary>Output of <code>${escapeHtml(testLabel(test))}</code></summary>`,
        '',
        fencedBlock(trimOutput(test.output ?? '')),
        '</details>',
      );
    }
  }
  return `${out.join('\n')}\n`;
}

function clip(text: string, limit = 200): string {
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
