import { describe, expect, it } from 'vitest';
import {
  evaluate,
  GLOBAL_PLACEHOLDERS,
  parseTemplate,
  SEMVER_PLACEHOLDERS,
  textOf,
  type Env,
} from '../../../src/naming/tag-templates.js';
import { run, withRef } from '../../fixtures/runs.js';

const NOW = new Date('2024-03-05T07:08:09Z');
const fail = (problem: string): never => {
  throw new Error(problem);
};
const parse = (text: string, allowed: readonly string[] = GLOBAL_PLACEHOLDERS) =>
  parseTemplate(text, allowed, "'value'", fail);
const render = (text: string, env: Env, vars?: Record<string, string>) =>
  textOf(evaluate(parse(text), env, vars));

describe('parseTemplate', () => {
  it('splits text and placeholders, blanks inside the braces allowed', () => {
    expect(parse("pre-{{ branch }}-{{sha}}{{date 'YYYYMMDD'}}")).toEqual([
      { text: 'pre-' },
      { name: 'branch' },
      { text: '-' },
      { name: 'sha' },
      { name: 'date', format: 'YYYYMMDD' },
    ]);
    expect(parse('plain')).toEqual([{ text: 'plain' }]);
    expect(parse('')).toEqual([]);
  });

  it.each([
    [
      '{{version}}',
      "'value' has an unknown placeholder '{{version}}'; the valid ones here are {{branch}}, {{tag}}, {{sha}}, {{base_ref}}, {{is_default_branch}}, {{is_not_default_branch}}, {{date 'FORMAT'}}, {{commit_date 'FORMAT'}}.",
    ],
    ['a-{{branch', "'value' has '{{' without a closing '}}'"],
    ['{{sha 7}}', "'value' has '{{sha 7}}': {{sha}} takes no arguments."],
    ['{{date}}', "'value' has '{{date}}': write {{date 'FORMAT'}} or {{date 'FORMAT' tz='Area/City'}}"],
    ["{{date 'YYYY' 'MM'}}", "write {{date 'FORMAT'}} or"],
    ["{{commit_date 'YYYY' utc='x'}}", "write {{commit_date 'FORMAT'}} or"],
    ["{{date 'YYYY-Q'}}", "'value' has the date format 'YYYY-Q' with 'Q', which is not supported"],
    ["{{date 'YYYY[T'}}", "'value' has the date format 'YYYY[T' with a '[' that is never closed."],
  ])('rejects %j', (text, message) => {
    expect(() => parse(text)).toThrow(message);
  });

  it('allows only the placeholders it is given', () => {
    expect(parse('{{major}}.{{minor}}', SEMVER_PLACEHOLDERS)).toEqual([
      { name: 'major' },
      { text: '.' },
      { name: 'minor' },
    ]);
    expect(() => parse('{{branch}}', SEMVER_PLACEHOLDERS)).toThrow("unknown placeholder '{{branch}}'");
  });
});

describe('evaluate', () => {
  it('gives the run values and marks those from git names', () => {
    const env = { ctx: run('push-feature'), now: NOW };
    expect(evaluate(parse('b-{{branch}}-{{sha}}-{{is_default_branch}}'), env)).toEqual([
      { text: 'b-', fromGit: false },
      { text: 'feature/Add-Thing', fromGit: true },
      { text: '-', fromGit: false },
      { text: '2222222', fromGit: false },
      { text: '-', fromGit: false },
      { text: 'false', fromGit: false },
    ]);
  });

  it('gives a tag, the base branch of a pull request and its head commit', () => {
    expect(render('{{tag}}|{{branch}}', { ctx: run('push-tag-v1.2.3'), now: NOW })).toBe('v1.2.3|');
    expect(render('{{base_ref}}|{{sha}}', { ctx: run('pull-request'), now: NOW })).toBe('main|ccccccc');
    const head = run('pull-request', { DOCKER_METADATA_PR_HEAD_SHA: 'true' });
    expect(render('{{sha}}', { ctx: head, now: NOW })).toBe('a42a42a');
    expect(render('{{base_ref}}', { ctx: run('push-main'), now: NOW })).toBe('');
    expect(render('{{is_default_branch}}', { ctx: run('push-main'), now: NOW })).toBe('true');
  });

  it('formats dates in UTC, with bracketed literal text', () => {
    expect(render("{{date 'YYYYMMDD[T]HHmmss'}}", { ctx: withRef('push-main', ''), now: NOW })).toBe(
      '20240305T070809',
    );
    expect(
      render("{{date 'YYYY-MM'}}", { ctx: run('push-main'), now: new Date('2024-12-31T23:30:00-02:00') }),
    ).toBe('2025-01');
  });

  it('formats moment.js tokens in a time zone; a bare word for the format gives the default', () => {
    const env = { ctx: { ...run('push-main'), commitDate: new Date('2020-01-10T00:30:00Z') }, now: NOW };
    expect(render("{{date 'YYYY-MM-DD HH:mm' tz='Asia/Tokyo'}}", env)).toBe('2024-03-05 16:08');
    expect(render("{{date 'hh:mm A ZZ' tz='America/New_York'}}", env)).toBe('02:08 AM -0500');
    expect(render('{{commit_date YYYYMMDD}}', env)).toBe('2020-01-10T00:30:00Z');
    expect(render("{{commit_date '[x]' tz='Asia/Tokyo'}}", env)).toBe('x');
    expect(render("{{commit_date X tz='Asia/Kolkata'}}", env)).toBe('2020-01-10T06:00:00+05:30');
    expect(render('{{is_default_branch}}/{{is_not_default_branch}}', env)).toBe('true/false');
    // Without a commit date in the payload, the commit date is the run's time.
    expect(render("{{commit_date 'YYYY'}}", { ctx: run('pull-request'), now: NOW })).toBe('2024');
  });

  it("uses the rule's own values first", () => {
    const pieces = evaluate(
      parse('{{major}}.{{minor}}', SEMVER_PLACEHOLDERS),
      { ctx: run('push-main'), now: NOW },
      {
        major: '1',
        minor: '2',
      },
    );
    expect(pieces).toEqual([
      { text: '1', fromGit: true },
      { text: '.', fromGit: false },
      { text: '2', fromGit: true },
    ]);
  });
});
