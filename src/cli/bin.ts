#!/usr/bin/env node
import { main, relaunchedWithLargerHeap } from './main.js';

// `ktm … | head` closes the pipe early: that is the reader's choice, not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

// A cluster too large for Node's default heap runs in a child with a larger one (src/cli/large-heap.ts).
if (!(await relaunchedWithLargerHeap(process.argv))) await main(process.argv);
