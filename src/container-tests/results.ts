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
}
