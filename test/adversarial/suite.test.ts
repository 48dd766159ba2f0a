/**
 * The adversarial suite against the guest as shipped (suite.ts); the attacks that start from an
 * escaped realm run in escaped-suite.test.ts.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { attackFiles, defineAttackSuite } from './suite.js';

defineAttackSuite(false);

test('the suite has at least 60 attacks', () => {
  const count = attackFiles(join(import.meta.dirname, 'attacks')).length;
  assert.ok(count >= 60, `${count} attacks`);
});
