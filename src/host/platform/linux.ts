/**
 * Linux backend: bubblewrap + seccomp through @anthropic-ai/sandbox-runtime.
 *
 * It calls the library's Linux wrapper directly instead of SandboxManager: SandboxManager keeps
 * module-level state and, whenever a network policy is given, starts an HTTP/SOCKS proxy and
 * bridges it into the sandbox. bunker wants no network at all (fetch goes through bunker's own
 * host-side broker), i.e. `--unshare-net` with nothing bound in, which only this entry point
 * offers.
 */
import { spawnSync } from 'node:child_process';
import { wrapCommandWithSandboxLinux } from '@anthropic-ai/sandbox-runtime/dist/sandbox/linux-sandbox-utils.js';
import { quote } from '@anthropic-ai/sandbox-runtime/dist/utils/shell-quote.js';
import { directArgv } from './direct-argv.js';
import type { LaunchSpec, SandboxBackend } from './types.js';

/** System directories the wrapper chain (bash, prlimit, env, apply-seccomp) and Bun load from. */
const SYSTEM_READ_PATHS = ['/usr/bin', '/usr/lib', '/usr/lib64', '/lib', '/lib64', '/bin'];

const REQUIRED = [
  { command: 'bwrap', pkg: 'bubblewrap' },
  { command: 'socat', pkg: 'socat' },
  { command: 'rg', pkg: 'ripgrep' },
  { command: 'prlimit', pkg: 'util-linux' },
];

/** The absolute path a shell would run for `command`, or undefined. */
function locate(command: string): string | undefined {
  const result = spawnSync('/bin/sh', ['-c', 'command -v "$1"', 'sh', command], {
    encoding: 'utf8',
  });
  const path = result.stdout.trim();
  return result.status === 0 && path.startsWith('/') ? path : undefined;
}

let bwrapPath: string | undefined;

export const linuxBackend: SandboxBackend = {
  name: 'linux-bubblewrap',

  problems() {
    const missing = REQUIRED.filter((r) => locate(r.command) === undefined);
    if (missing.length === 0) return [];
    const packages = missing.map((m) => m.pkg).join(' ');
    return [
      `missing ${missing.map((m) => m.command).join(', ')}: install with "apt-get install -y ${packages}" (as root) or run "npm run setup"`,
    ];
  },

  async wrap(spec: LaunchSpec) {
    bwrapPath ??= locate('bwrap') ?? 'bwrap';
    const command = quote(spec.argv);
    const wrapped = await wrapCommandWithSandboxLinux({
      command,
      bwrapPath,
      needsNetworkRestriction: true,
      readConfig: {
        // Deny the whole host filesystem, then let through only what must be there.
        denyOnly: ['/', '/sys'],
        allowWithinDeny: [
          ...SYSTEM_READ_PATHS,
          ...spec.runtimeReadPaths,
          ...spec.allowRead,
          ...spec.allowWrite,
        ],
      },
      writeConfig: { allowOnly: spec.allowWrite, denyWithinAllow: [] },
    });
    return (
      directArgv(wrapped, command, bwrapPath, spec.argv) ?? [
        '/bin/bash',
        '--norc',
        '--noprofile',
        '-c',
        wrapped,
      ]
    );
  },
};
