/** The other systems, each in a Node process of its own (see peers/). */
import { runPeer, type PeerOutcome } from '../lib/peer-process.js';

export interface Peers {
  host: PeerOutcome;
  isolatedVm: PeerOutcome;
  quickjs: PeerOutcome;
}

export async function peers(): Promise<Peers> {
  return {
    host: await runPeer('host.ts'),
    // isolated-vm requires --no-node-snapshot on Node >= 20 (its README).
    isolatedVm: await runPeer('isolated-vm.ts', ['--no-node-snapshot']),
    quickjs: await runPeer('quickjs.ts'),
  };
}
