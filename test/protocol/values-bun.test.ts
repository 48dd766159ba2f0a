import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { decodeValue, encodeValue } from '../../src/protocol/values.js';
import { toJSONValue } from '../../src/protocol/values-json.js';
import { rt, wire } from './values-helpers.js';

describe('under Bun', () => {
  const bun = resolve(import.meta.dirname, '../../node_modules/bun/bin/bun.exe');
  const moduleUrl = pathToFileURL(
    resolve(import.meta.dirname, '../../src/protocol/values.ts'),
  ).href;
  const jsonModuleUrl = pathToFileURL(
    resolve(import.meta.dirname, '../../src/protocol/values-json.ts'),
  ).href;
  // Built identically on both sides, so each runtime's encoding can be compared with the other's value.
  const SAMPLE = `(() => {
    const shared = { s: [1, 2] };
    const o = { n: [1, -0, NaN, Infinity, -Infinity], big: [2n ** 80n, -3n], u: undefined, str: 'h\\u00e9 \\ud83d\\ude00',
      d: new Date(86400000), bad: new Date(NaN), r: /a\\/b/gimsuy, m: new Map([[shared, new Set(['x'])], ['k', shared]]),
      ab: new Uint8Array([1, 2, 3]).buffer, f64: new Float64Array([1.5, -0]), b64: new BigInt64Array([-1n]),
      dv: new DataView(new Uint8Array([5, 6, 7]).buffer), e: new RangeError('r'), ce: new Error('custom'),
      $t: 'escaped', proto: JSON.parse('{"__proto__":{"x":1}}') };
    Object.defineProperty(o.ce, 'name', { value: 'CustomError', writable: true, configurable: true });
    o.self = o;
    return o;
  })()`;
  const FROZEN = `[JSON.parse('{"toString":1,"constructor":{"prototype":2},"__proto__":3,"valueOf":[4]}'),
    new Error('e', { cause: 1 }), new Map([['hasOwnProperty', 1]])]`;
  const script = `import { encodeValue, decodeValue } from ${JSON.stringify(moduleUrl)};
import { toJSONValue } from ${JSON.stringify(jsonModuleUrl)};
const input = decodeValue(JSON.parse(await new Response(Bun.stdin.stream()).text()));
const own = ${SAMPLE};
const FROZEN_SAMPLE = ${FROZEN};
const checks = {
  self: input.self === input, shared: input.m.get('k') === [...input.m.keys()][0],
  negZero: Object.is(input.f64[1], -0), map: input.m instanceof Map, range: input.e instanceof RangeError,
  custom: input.ce.name === 'CustomError' && Object.getPrototypeOf(input.ce) === Error.prototype,
  proto: Object.getPrototypeOf(input.proto) === Object.prototype && Object.hasOwn(input.proto, '__proto__'),
  json: JSON.stringify(toJSONValue(input)),
};
const echo = encodeValue(input), ownWire = encodeValue(own);
// A hardened guest may freeze its intrinsics; assignment to inherited names like toString would then throw.
const stdout = process.stdout; // (Bun sets it up lazily, which a frozen Function.prototype would break)
for (const C of [Object, Array, Function, Error, Map, Set, Date, RegExp]) Object.freeze(Object.freeze(C).prototype);
checks.frozen = JSON.stringify(toJSONValue(decodeValue(JSON.parse(JSON.stringify(encodeValue(FROZEN_SAMPLE))))));
stdout.write(JSON.stringify({ echo, own: ownWire, checks, version: Bun.version }));
`;

  test(
    'the module runs under Bun and round-trips values both ways',
    { skip: !existsSync(bun) && 'bun binary missing', timeout: 60_000 },
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'bunker-values-'));
      try {
        const file = join(dir, 'roundtrip.ts');
        writeFileSync(file, script);
        const sample = new Function(`return ${SAMPLE}`)() as Record<string, unknown>;
        const res = spawnSync(bun, [file], {
          input: wire(sample),
          encoding: 'utf8',
          timeout: 50_000,
        });
        assert.equal(res.status, 0, `bun failed: ${res.stderr}`);
        const out = JSON.parse(res.stdout) as {
          echo: unknown;
          own: unknown;
          checks: Record<string, unknown>;
          version: string;
        };
        assert.equal(out.version, '1.4.5');
        const { json, frozen, ...flags } = out.checks;
        assert.deepEqual(flags, {
          self: true,
          shared: true,
          negZero: true,
          map: true,
          range: true,
          custom: true,
          proto: true,
        });
        assert.equal(json, JSON.stringify(toJSONValue(sample)));
        const frozenSample = new Function(`return ${FROZEN}`)() as unknown[];
        const expectFrozen = JSON.stringify(toJSONValue(rt(frozenSample)), (k, v) =>
          k === 'stack' ? undefined : v,
        );
        assert.equal(
          JSON.stringify(JSON.parse(frozen as string), (k, v) => (k === 'stack' ? undefined : v)),
          expectFrozen,
        );
        assert.match(
          expectFrozen,
          /^\[\{"toString":1,"constructor":\{"prototype":2\},"__proto__":3,"valueOf":\[4\]\}/,
        );
        // What Bun decoded and re-encoded is what we sent...
        const echo = decodeValue(out.echo) as typeof sample;
        const own = decodeValue(out.own) as typeof sample;
        // Both runtimes produce the same wire form for the same value (stack traces aside).
        const noStack = (k: string, v: unknown) => (k === 'stack' ? undefined : v);
        assert.equal(
          JSON.stringify(out.own, noStack),
          JSON.stringify(encodeValue(sample), noStack),
        );
        // (an invalid Date in an assertion diff crashes node's test reporter, so check it apart)
        for (const v of [echo, own, sample]) {
          assert.ok(Number.isNaN((v.bad as Date).getTime()));
          delete v.bad;
        }
        assert.deepEqual(echo, sample);
        assert.equal(echo.self, echo);
        // ...and what Bun built itself decodes in Node to the same value (stacks differ per runtime, so compare without them).
        for (const k of ['e', 'ce'] as const) {
          assert.equal(
            (own[k] as Error).stack?.split('\n')[0],
            (sample[k] as Error).stack?.split('\n')[0],
          );
          (own[k] as Error).stack = (sample[k] as Error).stack!;
        }
        assert.deepEqual(own, sample);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
