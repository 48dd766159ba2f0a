#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

// Wait for stdout to drain: a large --json result must reach a pipe in full before exit.
const status = await main(process.argv.slice(2));
process.stdout.write('', () => process.exit(status));
