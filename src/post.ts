import { runPost } from './steps/post.js';

await runPost();
// A cache upload abandoned after its time budget may still hold a socket open: do not wait for it.
process.exit();
