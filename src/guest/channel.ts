/**
 * The guest's two pipes: frames out on fd 3, frames in on stdin. Both references are captured
 * here, before the realm hides `process` and `Bun`.
 *
 * Host frames are read two ways through ONE line splitter, so that no byte is read twice, lost or
 * taken out of order:
 * - normally, asynchronously, from Bun's stdin stream (the event loop runs);
 * - while a host-function call waits for its answer (the script is blocked, so the event loop is
 *   not running), synchronously: first whatever Bun's stream already read (Bun reads ahead: with
 *   3 MB waiting it held a further 64 KiB chunk behind the one it delivered; that chunk is its
 *   read promise already fulfilled, taken here with Bun.peek), then from fd 0 itself with read(2).
 *   Bun reads a pipe only on the main thread, from its event loop (measured, Bun 1.4.5: bytes the
 *   host wrote while JS was blocked were all still in the pipe), so nothing else reads fd 0
 *   meanwhile. Other frames that arrive during the wait (a fetch's answer) are kept and delivered,
 *   in order, as soon as the call returns.
 * A Worker owning stdin would have cost every guest ~30 ms and ~5 MiB at start (measured), and
 * another pipe would change how sandboxes are spawned; see docs/protocol.md, "Host functions".
 */
import { GUEST_FRAME_FD, MAX_FRAME_BYTES, PROTOCOL_VERSION } from '../protocol/frames.js';
import type { CallReplyFrame, FetchReplyFrame, GuestFrame, HostFrame } from '../protocol/frames.js';
import { LineSplitter } from '../protocol/line-splitter.js';
import { bun } from './bun-api.js';
import { readBlocking, writeAll } from './libc.js';

type Outgoing = GuestFrame extends infer F ? (F extends GuestFrame ? Omit<F, 'v'> : never) : never;
type Request = Exclude<HostFrame, FetchReplyFrame | CallReplyFrame>;
type Chunk = { done: true; value?: undefined } | { done: false; value: Uint8Array };

const STDIN_FD = 0;
const READ_BYTES = 64 * 1024;
const peek = bun.peek;

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

let deliver: (frame: HostFrame) => void = () => {
  throw new Error('a host frame before the guest reads its input');
};
/** The answer the script waits for, blocked (a call's, or a synchronous fetch's); once it came. */
let waitingFor: ((frame: HostFrame) => boolean) | undefined;
let answer: HostFrame | undefined;
/** Frames that came while a call waited, delivered once it returns. */
let deferred: HostFrame[] = [];
let inputEnded = false;

const splitter = new LineSplitter(
  MAX_FRAME_BYTES,
  (line) => {
    const frame = JSON.parse(line.toString('utf8')) as HostFrame;
    if (waitingFor === undefined) return deliver(frame);
    if (answer === undefined && waitingFor(frame)) answer = frame;
    else deferred.push(frame);
  },
  () => {
    throw new Error('host frame too large');
  },
);

let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
/** The stream's read in progress: only whoever replaces it may take its chunk. */
let current: Promise<Chunk> | undefined;

function take(chunk: Chunk): void {
  if (chunk.done) {
    inputEnded = true;
    current = Promise.resolve(chunk);
    return;
  }
  current = reader!.read() as Promise<Chunk>;
  splitter.push(Buffer.from(chunk.value.buffer, chunk.value.byteOffset, chunk.value.byteLength));
}

/**
 * Sends a call frame (its arguments already serialized and size-checked) and blocks until the
 * host answers it. Only the wall-clock deadline ends a wait that never gets an answer (here and
 * in fetchHost): the host kills the process.
 */
export function callHost(
  evalId: number,
  callId: number,
  name: string,
  argsJson: string,
): CallReplyFrame {
  write(
    `{"v":${PROTOCOL_VERSION},"type":"call","id":${evalId},"callId":${callId},"name":${JSON.stringify(name)},"args":${argsJson}}`,
  );
  return awaitReply(
    (frame): frame is CallReplyFrame => frame.type === 'callReply' && frame.callId === callId,
  );
}

/**
 * Sends a fetch frame and blocks until the host's broker answers it: mquickjs's synchronous
 * fetch (dialect.ts). The host handles the frame exactly as an asynchronous fetch's.
 */
export function fetchHost(frame: Extract<Outgoing, { type: 'fetch' }>): FetchReplyFrame {
  send(frame);
  return awaitReply(
    (reply): reply is FetchReplyFrame =>
      reply.type === 'fetchReply' && reply.fetchId === frame.fetchId,
  );
}

/**
 * Whether a call's wait was cut off: a script interrupted by its deadline runs no `finally`
 * (script-deadline.ts), so one that was inside awaitReply leaves it set.
 */
export const interruptedInCall = (): boolean => waitingFor !== undefined;

function awaitReply<F extends HostFrame>(match: (frame: HostFrame) => frame is F): F {
  waitingFor = match;
  answer = undefined;
  try {
    while (current !== undefined && peek.status(current) === 'fulfilled' && !inputEnded)
      take(peek(current) as Chunk);
    while (answer === undefined) {
      if (inputEnded) throw new Error('the host closed the guest input during a call');
      const bytes = Buffer.allocUnsafe(READ_BYTES);
      const count = readBlocking(STDIN_FD, bytes);
      if (count === 0) inputEnded = true;
      else splitter.push(bytes.subarray(0, count));
    }
    return answer;
  } finally {
    waitingFor = undefined;
    if (deferred.length > 0) {
      const frames = deferred;
      deferred = [];
      queueMicrotask(() => frames.forEach((frame) => deliver(frame)));
    }
  }
}

/**
 * Reads host frames from stdin until it closes; then the guest exits. Requests (init, eval, set)
 * run one at a time, in order; fetch replies are delivered at once, since the eval that waits
 * for them is running.
 */
export async function receive(
  onRequest: (frame: Request) => void | Promise<void>,
  onFetchReply: (frame: FetchReplyFrame) => void,
): Promise<void> {
  let chain: Promise<void> = Promise.resolve();
  let broken: Error | undefined;
  deliver = (frame) => {
    if (frame.type === 'fetchReply') return onFetchReply(frame);
    // An answer to no call that waits: the host never sends one.
    if (frame.type === 'callReply') throw new Error('a call answer while no call waits');
    chain = chain
      .then(() => onRequest(frame))
      .catch((error: unknown) => {
        broken ??= error instanceof Error ? error : new Error(String(error));
      });
  };
  reader = bun.stdin.stream().getReader();
  current = reader.read() as Promise<Chunk>;
  while (!inputEnded) {
    const reading: Promise<Chunk> = current;
    const chunk = await reading;
    // A call took this chunk (and maybe more) while the script waited: read on from there.
    if (reading !== current) continue;
    take(chunk);
    if (broken !== undefined) throw broken;
  }
  await chain;
  if (broken !== undefined) throw broken;
}
