import { runMain } from './steps/main.js';

await runMain();
// A cache request abandoned after its time budget may still hold a socket open: do not wait for it.
process.exit();
