/** Runs at most `parallelism` tasks at a time; results keep the input order. A rejection rejects all. */
export async function runLimited<T>(tasks: (() => Promise<T>)[], parallelism: number): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  };
  const workers = Math.max(1, Math.min(Math.floor(parallelism) || 1, tasks.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}
