/**
 * The adversarial suite's attacks on the layers under the realm (`guest: escaped`): they run with
 * the test-only guest that hands the script Bun's API, as if it had escaped the realm.
 */
import { useEscapedGuest } from '../support/escaped-guest.js';
import { defineAttackSuite } from './suite.js';

useEscapedGuest();
defineAttackSuite(true);
