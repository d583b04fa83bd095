import { runPost } from './pipeline.js';

await runPost();
