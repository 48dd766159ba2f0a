/** The `tenant` option through `bunker serve --stdio` (issue 12 part 1): run and create. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ServerClient } from './client.js';

const ORIGIN = 'performance.timeOrigin';

describe('bunker serve --stdio: tenant', () => {
  let server: ServerClient;
  before(async () => {
    server = new ServerClient();
    await server.started();
  });
  after(async () => {
    await server.close();
  });

  const origin = async (options: Record<string, unknown>) => {
    const answer = await server.request({ op: 'run', code: ORIGIN, options });
    assert.equal(answer.ok, true, JSON.stringify(answer.error));
    return answer.value as number;
  };

  test('runs of one tenant reuse its process; other tenants and untenanted runs do not', async () => {
    const a = await origin({ tenant: 'a' });
    assert.equal(await origin({ tenant: 'a' }), a);
    const b = await origin({ tenant: 'b' });
    assert.notEqual(b, a);
    const none = await origin({});
    assert.notEqual(none, a);
    assert.notEqual(none, b);
    assert.equal(await origin({ tenant: 'b' }), b);
  });

  test('a Sandbox created for a tenant takes the tenant process, fresh realm and all', async () => {
    await server.request({
      op: 'run',
      code: `globalThis.left = 1; ${ORIGIN}`,
      options: { tenant: 'c' },
    });
    const c = await origin({ tenant: 'c' });
    const handle = await server.create({ tenant: 'c' });
    const answer = await server.request({ op: 'eval', handle, code: `[${ORIGIN}, typeof left]` });
    assert.deepEqual(answer.value, [c, 'undefined']);
    await server.request({ op: 'dispose', handle });
    assert.equal(await origin({ tenant: 'c' }), c);
  });

  test('a bad tenant is refused by the options schema', async () => {
    const answer = await server.request({ op: 'run', code: '1', options: { tenant: '' } });
    assert.equal(answer.ok, false);
    assert.equal(answer.error?.name, 'ArgumentError');
    assert.match(answer.error?.message ?? '', /option "tenant"/);
  });
});
