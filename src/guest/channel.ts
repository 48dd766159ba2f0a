/**
 * The guest's two pipes: frames out on fd 3, frames in on stdin. Both references are captured
 * here, before the realm hides `process` and `Bun`.
 */
import { writeSync } from 'node:fs';
import { GUEST_FRAME_FD, MAX_FRAME_BYTES, PROTOCOL_VERSION } from '../protocol/frames.js';
import type { GuestFrame, HostFrame } from '../protocol/frames.js';
import { LineSplitter } from '../protocol/line-splitter.js';
import { bun } from './bun-api.js';

type Outgoing = GuestFrame extends infer F ? (F extends GuestFrame ? Omit<F, 'v'> : never) : never;

export function send(frame: Outgoing): void {
  const bytes = Buffer.from(JSON.stringify({ v: PROTOCOL_VERSION, ...frame }) + '\n');
  // fd 3 is a blocking pipe; writeSync may still return short on large frames.
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(GUEST_FRAME_FD, bytes, offset);
}

/** Reads host frames from stdin until it closes; then the guest exits. */
export async function receive(onFrame: (frame: HostFrame) => void | Promise<void>): Promise<void> {
  const queue: HostFrame[] = [];
  const splitter = new LineSplitter(
    MAX_FRAME_BYTES,
    (line) => queue.push(JSON.parse(line.toString('utf8')) as HostFrame),
    () => {
      throw new Error('host frame too large');
    },
  );
  const reader = bun.stdin.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    splitter.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
    while (queue.length > 0) await onFrame(queue.shift()!);
  }
}
