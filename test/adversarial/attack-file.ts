/**
 * The format of one attack under attacks/: a small script whose leading `//` comment lines say
 * what it attacks and the one outcome it must get.
 *
 *   // attack: reads /etc/passwd after escaping the realm
 *   // expect: value "ERR ENOENT"            exactly this value (JSON)
 *   // expect: error SandboxError PROCESS_LIMIT    rejects with this name and code
 *   // message: ^the script exceeded      optional: the error message must match (RegExp)
 *   // guest: escaped                      optional: run with the test-only guest that hands the
 *                                          script `Bun` and `BunRealm` (Bun's own global object):
 *                                          for attacks on the layers under the realm
 *   // options: {"timeoutMs": 2000}        optional: options for Sandbox.create (JSON); "$PORT"
 *                                          becomes the test server's port (a number), and $PORT
 *                                          inside a string its digits ("api.test:$PORT")
 *   // functions: echo, host.fail          optional: host functions the sandbox is given, by name,
 *                                          from the suite's table (suite.ts SUITE_FUNCTIONS)
 *   // hits: 0                             optional: requests the loopback server must have seen
 *   // then: await Bun.file('/tmp/x').exists()   optional: a second script, in a fresh sandbox
 *   // then-expect: value false            …and its outcome
 *
 * Scripts see a global `TARGET` = { port, origin } naming the suite's loopback server (`origin`
 * is `http://api.test:PORT`); options must still allow it for a fetch to reach it.
 */
import { readFileSync } from 'node:fs';

export type Expectation =
  { kind: 'value'; value: unknown } | { kind: 'error'; name: string; code: string };

export interface Attack {
  file: string;
  title: string;
  code: string;
  expect: Expectation;
  message?: RegExp;
  options: string;
  /** Runs with the test-only escaped guest (test/support/escaped-guest.ts). */
  escaped: boolean;
  /** Names from the suite's host functions. */
  functions: string[];
  hits?: number;
  then?: { code: string; expect: Expectation };
}

export function parseExpectation(text: string, file: string): Expectation {
  const value = /^value (.+)$/.exec(text);
  if (value) return { kind: 'value', value: JSON.parse(value[1]!) as unknown };
  const error = /^error (\w+) ([A-Z_]+)$/.exec(text);
  if (error) return { kind: 'error', name: error[1]!, code: error[2]! };
  throw new Error(`${file}: "expect: ${text}" is neither "value JSON" nor "error Name CODE"`);
}

export function readAttack(file: string): Attack {
  const code = readFileSync(file, 'utf8');
  const header = new Map<string, string>();
  for (const line of code.split('\n')) {
    const match = /^\/\/ ([a-z-]+): (.*)$/.exec(line);
    if (!match) break;
    header.set(match[1]!, match[2]!.trim());
  }
  const need = (key: string) => {
    const value = header.get(key);
    if (value === undefined) throw new Error(`${file}: missing "// ${key}:" header`);
    return value;
  };
  const then = header.get('then');
  const guest = header.get('guest');
  if (guest !== undefined && guest !== 'escaped')
    throw new Error(`${file}: "guest: ${guest}" is not "escaped"`);
  return {
    file,
    title: need('attack'),
    code,
    expect: parseExpectation(need('expect'), file),
    message: header.has('message') ? new RegExp(header.get('message')!) : undefined,
    options: header.get('options') ?? '{}',
    escaped: guest === 'escaped',
    functions: (header.get('functions') ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== ''),
    hits: header.has('hits') ? Number(header.get('hits')) : undefined,
    then:
      then === undefined
        ? undefined
        : { code: then, expect: parseExpectation(need('then-expect'), file) },
  };
}
