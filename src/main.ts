import { runMain } from './pipeline.js';

await runMain();
