import { basename, isAbsolute, relative, resolve } from 'node:path';

/**
 * `call: check` (build-push-action's): buildx's build checks (`--call check,format=json`), whose
 * JSON is BuildKit's lint result (frontend/subrequests/lint): `warnings`, each with its rule and a
 * location in one of `sources` (line numbers from 1), and a `buildError` when the Dockerfile does
 * not parse. Pure: the parsing and the annotations, apart from running buildx.
 */

interface Position {
  line?: number;
}

interface Location {
  /** Omitted when 0 (protobuf JSON); -1 when the warning has no place in a source. */
  sourceIndex?: number;
  ranges?: { start?: Position; end?: Position }[];
}

interface LintJson {
  warnings?: {
    ruleName?: string;
    description?: string;
    url?: string;
    detail?: string;
    location?: Location;
  }[];
  sources?: { filename?: string }[];
  buildError?: { message?: string; location?: Location };
}

/** One finding, where it is: a file as the build named it and a line span. */
export interface CheckFinding {
  rule: string;
  /** The rule's own text, then what this instance found. */
  message: string;
  url?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
}

export interface CheckResult {
  warnings: CheckFinding[];
  /** The Dockerfile did not parse (`buildError`): the check could not run its rules. */
  error?: CheckFinding;
}

/** The first JSON object of buildx's standard output (it prints nothing else there with format=json). */
export function parseCheckResult(stdout: string): CheckResult | undefined {
  const start = stdout.indexOf('{');
  if (start < 0) return undefined;
  let parsed: LintJson;
  try {
    parsed = JSON.parse(stdout.slice(start)) as LintJson;
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray(parsed.warnings ?? []))
    return undefined;
  const sources = parsed.sources ?? [];
  const place = (location?: Location) => {
    const index = location?.sourceIndex ?? 0;
    if (!location || index < 0) return {};
    const ranges = location.ranges ?? [];
    const lines = ranges.flatMap((range) => [range.start?.line, range.end?.line]).filter(isLine);
    return {
      file: sources[index]?.filename || undefined,
      startLine: lines.length > 0 ? Math.min(...lines) : undefined,
      endLine: lines.length > 0 ? Math.max(...lines) : undefined,
    };
  };
  const warnings = (parsed.warnings ?? []).map((warning) => ({
    rule: warning.ruleName || 'check',
    message: [warning.description, warning.detail].filter(Boolean).join(': ') || (warning.ruleName ?? ''),
    url: warning.url || undefined,
    ...place(warning.location),
  }));
  const error = parsed.buildError
    ? { rule: 'buildError', message: parsed.buildError.message ?? '', ...place(parsed.buildError.location) }
    : undefined;
  return { warnings, ...(error ? { error } : {}) };
}

const isLine = (line: number | undefined): line is number => typeof line === 'number' && line > 0;

/** A finding as a GitHub annotation on the Dockerfile line: the file relative to the workspace. */
export function checkAnnotation(
  finding: CheckFinding,
  dockerfile: string,
  workspace: string,
): { message: string; title: string; file?: string; startLine?: number; endLine?: number } {
  // BuildKit names the Dockerfile as the build was given it (often just its base name).
  const named = finding.file;
  const path =
    !named || named === basename(dockerfile) || resolve(workspace, named) === dockerfile
      ? dockerfile
      : isAbsolute(named)
        ? named
        : resolve(workspace, named);
  const inWorkspace = !relative(workspace, path).startsWith('..');
  return {
    title: finding.rule,
    message: `${finding.message}${finding.url ? ` (${finding.url})` : ''}`,
    ...(inWorkspace ? { file: relative(workspace, path) } : {}),
    ...(finding.startLine ? { startLine: finding.startLine, endLine: finding.endLine } : {}),
  };
}

/** Whether a buildx version has build checks (`--call check`, 0.15.0 on); an unknown version may. */
export function buildxHasChecks(version: string): boolean {
  const match = /^(\d+)\.(\d+)\./.exec(version);
  if (!match) return true;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > 0 || minor >= 15;
}
