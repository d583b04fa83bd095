// Demo: runs the bundled action (dist/) on examples/hello/ the way the GitHub runner would, against a
// throw-away local registry, then pulls the pushed image back by its digest and runs it. No internet:
// the base image is made from the host's static busybox. Run with `npm run demo`.
import { docker, ensureBaseImage, removeImages, startRegistry } from '../__tests__/harness/fixtures.js';
import { runAction } from '../__tests__/harness/run-action.js';

/** Longest stretch of the action's log printed; the middle of a longer one is cut. */
const LOG_LINES = 60;

function heading(title: string): void {
  console.log(`\n=== ${title} ${'='.repeat(Math.max(0, 70 - title.length))}`);
}

/**
 * Makes the action's log read like the runner's log view: workflow commands (`::group::`,
 * `::stop-commands::` …) are shown or dropped, blank lines too, and only the head and tail of a long
 * log are kept.
 */
function trimLog(log: string): string {
  const lines: string[] = [];
  let resumeToken: string | undefined; // set while commands are stopped (raw tool output)
  for (const line of log.split(/\r?\n/)) {
    if (resumeToken !== undefined) {
      if (line === `::${resumeToken}::`) resumeToken = undefined;
      else lines.push(line);
      continue;
    }
    const command = /^::([a-z-]+)(?:\s[^:]*)?::(.*)$/.exec(line);
    if (!command) lines.push(line);
    else if (command[1] === 'stop-commands') resumeToken = command[2];
    else if (command[1] === 'group') lines.push(`▸ ${command[2]}`);
    else if (['error', 'warning', 'notice'].includes(command[1])) {
      // Annotation messages escape newlines as %0A (and % as %25).
      const message = command[2].replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%');
      lines.push(...`[${command[1]}] ${message}`.split('\n'));
    }
    // other commands (endgroup, debug, add-mask …) are not shown
  }
  const shown = lines.filter((line) => line.trim() !== '');
  if (shown.length <= LOG_LINES) return shown.join('\n');
  const head = shown.slice(0, LOG_LINES / 2);
  const tail = shown.slice(-LOG_LINES / 2);
  return [...head, `  … ${shown.length - LOG_LINES} line(s) left out …`, ...tail].join('\n');
}

/** Runs `docker ARGS`, echoing the command and its output; throws when it fails. */
async function show(args: string[]): Promise<void> {
  console.log(`$ docker ${args.join(' ')}`);
  const { code, stdout, stderr } = await docker(args, { timeoutMs: 120_000 });
  const output = (stdout + stderr).trimEnd();
  if (output) console.log(output);
  if (code !== 0) throw new Error(`docker ${args[0]} exited with code ${code}`);
}

async function main(): Promise<number> {
  const base = await ensureBaseImage();
  const registry = await startRegistry();
  const image = `${registry.host}/shipshape-demo/hello`;
  const tags = ['v1', 'latest'];
  let digest = '';
  console.log(`Base image ${base}; registry at ${registry.url}; pushing ${image}:{${tags.join(',')}}`);

  try {
    // The action, main step then post step, with inputs as a workflow's `with:` would give them.
    const result = await runAction({
      inputs: {
        context: 'examples/hello',
        images: image,
        tags: tags.join('\n'),
        push: 'true',
        'test-run': ['hello', 'hello | grep -q Shipshape'].join('\n'),
      },
    });
    digest = result.outputs.digest ?? '';

    heading('Action log');
    console.log(trimLog(result.log));

    heading('Outputs');
    for (const [name, value] of Object.entries(result.outputs)) {
      console.log(`${name} = ${value.includes('\n') ? value.split('\n').join(', ') : value}`);
    }

    heading('Job summary (main + post)');
    console.log(result.jobSummary.trim());

    const postCode = result.post?.exitCode ?? 0;
    if (result.exitCode !== 0 || postCode !== 0) {
      console.error(`\nThe action failed: main exited ${result.exitCode}, post ${postCode}.`);
      return 1;
    }
    if (!digest) {
      console.error('\nThe action reported no digest although push was requested.');
      return 1;
    }

    // Drop the local tags, so the pull below really fetches the image from the registry.
    heading('Pull back by digest and run');
    await removeImages(tags.map((tag) => `${image}:${tag}`));
    await show(['pull', `${image}@${digest}`]);
    await show(['run', '--rm', '--network', 'none', `${image}@${digest}`]);
    return 0;
  } finally {
    await registry.stop();
    const leftovers = [...tags.map((tag) => `${image}:${tag}`), ...(digest ? [`${image}@${digest}`] : [])];
    await removeImages(leftovers).catch((error: Error) =>
      console.error(`Could not remove the demo images: ${error.message}`),
    );
    console.log(`\nStopped the registry and removed ${image} locally.`);
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`Demo failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
