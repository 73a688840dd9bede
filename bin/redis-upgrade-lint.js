#!/usr/bin/env node
import { main } from '../dist/src/cli/main.js';

// `redis-upgrade-lint rules list | head`: a reader that stops early is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

process.exitCode = await main();
