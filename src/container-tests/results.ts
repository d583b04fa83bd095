/** What one test (command, file or metadata check) found. */
export interface TestResult {
  kind: 'command' | 'file' | 'metadata' | 'run';
  name: string;
  passed: boolean;
  durationMs: number;
  /** For a failure: what was expected and what was seen, trimmed. */
  expected?: string;
  actual?: string;
  timedOut?: boolean;
  output?: string;
  /** The platform it ran on, when the image was built for several. */
  platform?: string;
}

/** A test's name as reports show it: with its platform when the image was built for several. */
export function testLabel(result: Pick<TestResult, 'name' | 'platform'>): string {
  return result.platform ? `${result.name} (${result.platform})` : result.name;
}
