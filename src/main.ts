import { startEarly } from './steps/early.js';

// Asked first, the docker clients and the daemon answer while the rest of the action (a chunk of its own) loads.
const early = startEarly();
const { runMain } = await import('./steps/main.js');
await runMain(early);
// A cache request abandoned after its time budget may still hold a socket open: do not wait for it.
process.exit();
