import { probeClientsEarly } from './steps/early.js';

// Asked first, the docker clients answer while the rest of the action (a chunk of its own) loads.
const probes = probeClientsEarly();
const { runMain } = await import('./steps/main.js');
await runMain(probes);
// A cache request abandoned after its time budget may still hold a socket open: do not wait for it.
process.exit();
