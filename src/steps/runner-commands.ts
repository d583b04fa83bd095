import { randomUUID } from 'node:crypto';
import { accessSync, appendFileSync, constants, existsSync } from 'node:fs';
import { EOL } from 'node:os';

/**
 * The runner's side of the workflow-command protocol: inputs, outputs, state, masks, annotations,
 * groups and the job summary, written exactly as `@actions/core` 3 writes them (a test holds each
 * function to its `@actions/core` twin, byte for byte).
 *
 * Why not `@actions/core` itself: its entry module loads its OIDC client, hence undici and Node's
 * TLS and HTTP/2 stacks, and `@actions/exec` for `platform`, at import. On these machines that cost
 * 70 ms of every post step and 40 ms of every main step (issue #14's overhead budget is 400 ms per
 * job), for requests this action never makes. `@actions/cache` still brings them, loaded only when a
 * cache is restored or saved.
 */

/** `@actions/core` `toCommandValue`: strings as they are, anything else as JSON. */
function commandValue(input: unknown): string {
  if (input === null || input === undefined) return '';
  if (typeof input === 'string' || input instanceof String) return String(input);
  return JSON.stringify(input);
}

function escapeData(value: unknown): string {
  return commandValue(value).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(value: unknown): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Where an annotation points: a file, and optionally a line span and columns. */
export interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
}

/** `::command key=value,…::message` on stdout; properties without a value are left out. */
function issueCommand(command: string, properties: Record<string, unknown>, message: unknown): void {
  const given = Object.entries(properties).filter(([, value]) => value);
  const props = given.map(([key, value]) => `${key}=${escapeProperty(value)}`).join(',');
  process.stdout.write(`::${command}${props ? ` ${props}` : ''}::${escapeData(message)}${EOL}`);
}

function annotationProperties(properties: AnnotationProperties): Record<string, unknown> {
  return {
    title: properties.title,
    file: properties.file,
    line: properties.startLine,
    endLine: properties.endLine,
    col: properties.startColumn,
    endColumn: properties.endColumn,
  };
}

/** `name<<delimiter` … `delimiter` appended to the file the runner named in `GITHUB_<command>`. */
function issueFileCommand(command: string, name: string, value: unknown): void {
  const filePath = process.env[`GITHUB_${command}`];
  if (!filePath) throw new Error(`Unable to find environment variable for file command ${command}`);
  if (!existsSync(filePath)) throw new Error(`Missing file at path: ${filePath}`);
  const delimiter = `ghadelimiter_${randomUUID()}`;
  const converted = commandValue(value);
  if (name.includes(delimiter)) {
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
  }
  if (converted.includes(delimiter)) {
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
  }
  appendFileSync(filePath, `${name}<<${delimiter}${EOL}${converted}${EOL}${delimiter}${EOL}`, 'utf8');
}

/** The input's value (`INPUT_<NAME>`), trimmed; `''` when unset. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim();
}

export function setOutput(name: string, value: unknown): void {
  if (process.env.GITHUB_OUTPUT) return issueFileCommand('OUTPUT', name, value);
  process.stdout.write(EOL);
  issueCommand('set-output', { name }, commandValue(value));
}

/** Sets an environment variable here and for the job's later steps (`GITHUB_ENV`). */
export function exportVariable(name: string, value: unknown): void {
  process.env[name] = commandValue(value);
  if (process.env.GITHUB_ENV) return issueFileCommand('ENV', name, value);
  issueCommand('set-env', { name }, commandValue(value));
}

/** Hands a value to this action's post step (`STATE_<name>` there). */
export function saveState(name: string, value: unknown): void {
  if (process.env.GITHUB_STATE) return issueFileCommand('STATE', name, value);
  issueCommand('save-state', { name }, commandValue(value));
}

export function getState(name: string): string {
  return process.env[`STATE_${name}`] || '';
}

/** The runner replaces `secret` with `***` in everything it prints after this line. */
export function setSecret(secret: string): void {
  issueCommand('add-mask', {}, secret);
}

export function info(message: string): void {
  process.stdout.write(message + EOL);
}

export function notice(message: string, properties: AnnotationProperties = {}): void {
  issueCommand('notice', annotationProperties(properties), message);
}

export function warning(message: string, properties: AnnotationProperties = {}): void {
  issueCommand('warning', annotationProperties(properties), message);
}

export function error(message: string, properties: AnnotationProperties = {}): void {
  issueCommand('error', annotationProperties(properties), message);
}

/** An error annotation, and the step fails when the process ends. */
export function setFailed(message: string): void {
  process.exitCode = 1;
  error(message);
}

/** `work`'s log lines folded under `name` in the job log. */
export async function group<T>(name: string, work: () => Promise<T>): Promise<T> {
  issueCommand('group', {}, name);
  try {
    return await work();
  } finally {
    issueCommand('endgroup', {}, '');
  }
}

/** Appends markdown to the job summary (`GITHUB_STEP_SUMMARY`). */
export function appendSummary(markdown: string): void {
  const filePath = process.env.GITHUB_STEP_SUMMARY;
  if (!filePath) {
    throw new Error(
      'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.',
    );
  }
  try {
    accessSync(filePath, constants.R_OK | constants.W_OK);
  } catch {
    throw new Error(
      `Unable to access summary file: '${filePath}'. Check if the file has correct read/write permissions.`,
    );
  }
  appendFileSync(filePath, markdown, 'utf8');
}
