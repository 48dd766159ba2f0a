/**
 * The guest's sandbox is spawned as bubblewrap's own argv, with no shell in the chain, and with
 * exactly the bubblewrap arguments and apply-seccomp that sandbox-runtime chose.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { quote } from '@anthropic-ai/sandbox-runtime/dist/utils/shell-quote.js';
import { guestLaunch } from '../../../src/host/launch-spec.js';
import { directArgv, shellWords } from '../../../src/host/platform/direct-argv.js';
import { backend } from '../../../src/host/platform/index.js';
import { resolveOptions } from '../../../src/options.js';

const linux = process.platform === 'linux';

describe("reading sandbox-runtime's command as argv", () => {
  test('gives back every word quote() was given', () => {
    const words = ['/a b', '', "it's", "'", 'x=1', '--ro-bind', '-c', 'a\nb', '$HOME', '`id`'];
    assert.deepEqual(shellWords(quote(words)), words);
    assert.deepEqual(shellWords(quote([quote(words)])), [quote(words)]);
  });

  test('refuses what a shell would read otherwise', () => {
    for (const text of ['a  b', 'a ', ' a', 'a;b', 'a $X', '"a b"', "'open", 'a\\ b'])
      assert.equal(shellWords(text), undefined, text);
  });

  test('takes apart only bwrap … -- SHELL -c "APPLY_SECCOMP SHELL -c COMMAND" for this command', () => {
    const command = quote(['/usr/bin/env', '-i', '/bin/true']);
    const inner = quote(['/v/apply-seccomp', '/usr/bin/bash', '-c', command]);
    const wrapped = quote(['/usr/bin/bwrap', '--unshare-net', '--', '/usr/bin/bash', '-c', inner]);
    assert.deepEqual(directArgv(wrapped, command, '/usr/bin/bwrap', ['/bin/true']), [
      '/usr/bin/bwrap',
      '--unshare-net',
      '--',
      '/v/apply-seccomp',
      '/bin/true',
    ]);
    const other = quote(['/usr/bin/env', '-i', '/bin/false']);
    assert.equal(directArgv(wrapped, other, '/usr/bin/bwrap', ['/bin/false']), undefined);
    // The arguments-file form sandbox-runtime uses for very long profiles starts with /bin/sh.
    const viaFile = quote(['/bin/sh', '-c', 'exec 3<"$1" && shift && exec "$@"', 'srt-args']);
    assert.equal(directArgv(viaFile, command, '/usr/bin/bwrap', ['/bin/true']), undefined);
    // A proxy bridge (socat, a trap) before apply-seccomp is not this form either.
    const bridged = quote(['/usr/bin/bwrap', '--', '/usr/bin/bash', '-c', `socat x &\n${inner}`]);
    assert.equal(directArgv(bridged, command, '/usr/bin/bwrap', ['/bin/true']), undefined);
  });

  test(
    'spawns the guest chain with no shell and the same sandbox',
    { skip: !linux && 'Linux only' },
    async () => {
      const { spec } = guestLaunch(resolveOptions({}));
      const argv = await backend().wrap({ ...spec, argv: ['/usr/bin/env', '-i', '/bin/true'] });
      assert.match(argv[0]!, /\/bwrap$/);
      assert.ok(!argv.some((word) => /\/(ba)?sh$/.test(word)), argv.join(' '));
      for (const flag of ['--unshare-net', '--unshare-pid', '--unshare-user', '--die-with-parent'])
        assert.ok(argv.includes(flag), flag);
      const separator = argv.lastIndexOf('--');
      assert.match(argv[separator + 1]!, /\/apply-seccomp$/);
      assert.deepEqual(argv.slice(separator + 2), ['/usr/bin/env', '-i', '/bin/true']);
      const status = spawnSync(argv[0]!, argv.slice(1), { env: { PATH: '/usr/bin:/bin' } }).status;
      assert.equal(status, 0);
    },
  );
});
