import { describe, expect, it } from 'vitest';
import { toJUnit } from '../../../src/container-tests/junit.js';
import { testResult } from '../../factories/test-spec.js';

const when = new Date('2025-03-04T05:06:07.890Z');

/** The attributes of the first element called `tag`. */
function attributes(xml: string, tag: string): Record<string, string> {
  const element = new RegExp(`<${tag}\\s([^>]*?)/?>`).exec(xml);
  if (!element) throw new Error(`no <${tag}>`);
  return Object.fromEntries([...element[1].matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

describe('toJUnit', () => {
  const results = [
    testResult({ name: 'version', durationMs: 1234 }),
    testResult({
      kind: 'file',
      name: 'config',
      passed: false,
      durationMs: 5,
      expected: 'contents matching /^listen 80$/',
      actual: 'listen 8080',
    }),
    testResult({
      kind: 'run',
      name: 'sleep 100',
      passed: false,
      durationMs: 60000.4,
      timedOut: true,
      output: 'zzz',
    }),
    testResult({ kind: 'metadata', name: 'metadata' }),
  ];

  it('counts tests and failures and gives times in seconds', () => {
    const xml = toJUnit(results, 'ghcr.io/acme/app:sha-1234', when);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(attributes(xml, 'testsuite')).toEqual({
      name: 'ghcr.io/acme/app:sha-1234',
      tests: '4',
      failures: '2',
      errors: '0',
      skipped: '0',
      time: '61.239',
      timestamp: '2025-03-04T05:06:07',
    });
    expect(attributes(xml, 'testsuites')).toMatchObject({ tests: '4', failures: '2', time: '61.239' });
    const cases = [...xml.matchAll(/<testcase name="([^"]*)" classname="([^"]*)" time="([^"]*)"/g)].map((m) =>
      m.slice(1),
    );
    expect(cases).toEqual([
      ['version', 'command', '1.234'],
      ['config', 'file', '0.005'],
      ['sleep 100', 'run', '60.000'],
      ['metadata', 'metadata', '0.000'],
    ]);
    expect(xml.match(/<failure /g)).toHaveLength(2);
    expect(xml).toContain('<testcase name="version" classname="command" time="1.234"/>');
    expect(xml).toContain(
      '<failure message="expected contents matching /^listen 80$/">expected: contents matching /^listen 80$/\nactual: listen 8080</failure>',
    );
    expect(xml).toContain('<failure message="timed out">timed out</failure>');
    expect(xml).toContain('<system-out>zzz</system-out>');
    expect(xml.trimEnd().endsWith('</testsuite>\n</testsuites>')).toBe(true);
  });

  it('escapes markup and strips characters XML cannot carry', () => {
    const xml = toJUnit(
      [
        testResult({
          name: `a <b> & "c" 'd'\u0000\u0007`,
          passed: false,
          durationMs: 1,
          expected: 'output matching /<ok>/\nand more',
          actual: '\u001b[31mred\u001b[0m & \u0001bell\u0008 </failure>\ttab',
        }),
      ],
      'suite & "co"',
      when,
    );
    expect(xml).toContain('<testsuite name="suite &amp; &quot;co&quot;"');
    expect(xml).toContain(
      '<testcase name="a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;" classname="command"',
    );
    expect(xml).toContain('<failure message="expected output matching /&lt;ok&gt;/">');
    expect(xml).toContain('actual: red &amp; bell &lt;/failure&gt;\ttab</failure>');
    // eslint-disable-next-line no-control-regex
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(xml.match(/<\/failure>/g)).toHaveLength(1);
  });

  it('keeps newlines in attributes and trims long failure messages', () => {
    const xml = toJUnit(
      [testResult({ name: 'two\nlines', passed: false, durationMs: 1, expected: 'x'.repeat(500) })],
      's',
      when,
    );
    expect(xml).toContain('name="two&#10;lines"');
    const message = attributes(xml, 'failure').message;
    expect(message).toHaveLength(200);
    expect(message.endsWith('…')).toBe(true);
  });

  it('writes an empty suite', () => {
    const xml = toJUnit([], 'empty', when);
    expect(attributes(xml, 'testsuite')).toMatchObject({ tests: '0', failures: '0', time: '0.000' });
    expect(xml).not.toContain('<testcase');
  });
});
