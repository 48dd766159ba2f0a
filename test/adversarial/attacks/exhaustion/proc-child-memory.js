// attack: after escaping the realm, starts a second Bun that fills 1 GiB (its memory is not in the guest's RSS)
// guest: escaped
// expect: error SandboxError PROCESS_LIMIT
// options: {"timeoutMs": 20000}
const code = 'const b = new Uint8Array(1024 ** 3); b.fill(1); await Bun.sleep(30000);';
const child = Bun.spawn([Bun.argv[0], '-e', code], {
  stdin: 'ignore',
  stdout: 'ignore',
  stderr: 'ignore',
});
'the child went unnoticed, exit code ' + (await child.exited);
