/**
 * The guest's two pipes: frames out on fd 3, frames in on stdin. Both references are captured
 * here, before the realm hides `process` and `Bun`.
 */
import { GUEST_FRAME_FD, MAX_FRAME_BYTES, PROTOCOL_VERSION } from '../protocol/frames.js';
import type { FetchReplyFrame, GuestFrame, HostFrame } from '../protocol/frames.js';
import { LineSplitter } from '../protocol/line-splitter.js';
import { bun } from './bun-api.js';
import { writeAll } from './libc.js';

type Outgoing = GuestFrame extends infer F ? (F extends GuestFrame ? Omit<F, 'v'> : never) : never;

export function send(frame: Outgoing): void {
  write(JSON.stringify({ v: PROTOCOL_VERSION, ...frame }));
}

/** A result frame around a value already serialized (its size was checked on that text). */
export function sendResult(id: number, valueJson: string): void {
  write(`{"v":${PROTOCOL_VERSION},"type":"result","id":${id},"value":${valueJson}}`);
}

function write(line: string): void {
  writeAll(GUEST_FRAME_FD, Buffer.from(line + '\n'));
}

/**
 * Reads host frames from stdin until it closes; then the guest exits. Requests (init, eval, set)
 * run one at a time, in order; fetch replies are delivered at once, since the eval that waits
 * for them is running.
 */
export async function receive(
  onRequest: (frame: Exclude<HostFrame, FetchReplyFrame>) => void | Promise<void>,
  onFetchReply: (frame: FetchReplyFrame) => void,
): Promise<void> {
  let chain: Promise<void> = Promise.resolve();
  let broken: Error | undefined;
  const splitter = new LineSplitter(
    MAX_FRAME_BYTES,
    (line) => {
      const frame = JSON.parse(line.toString('utf8')) as HostFrame;
      if (frame.type === 'fetchReply') return onFetchReply(frame);
      chain = chain
        .then(() => onRequest(frame))
        .catch((error: unknown) => {
          broken ??= error instanceof Error ? error : new Error(String(error));
        });
    },
    () => {
      throw new Error('host frame too large');
    },
  );
  const reader = bun.stdin.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    splitter.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
    if (broken !== undefined) throw broken;
  }
  await chain;
  if (broken !== undefined) throw broken;
}
