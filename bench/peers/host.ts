/**
 * Baseline: the host's own engine (Node, V8), no isolation at all. The workload runs in the main
 * context (vm.runInThisContext), so its globals behave as in any script.
 */
import { runInThisContext } from 'node:vm';
import { measureCompute } from '../lib/compute.js';
import { emit } from './report.js';

const compute = await measureCompute((code) => runInThisContext(code) as unknown);
emit({ name: 'Node (host process)', version: process.version, compute });
