#!/usr/bin/env node
// The `cccd` executable.
import { nodeDeps } from './node-deps.js';
import { run } from './run.js';

process.exitCode = await run(process.argv.slice(2), nodeDeps());
