/**
 * The script's side of host functions (issue 14): a call encodes its arguments, sends them and
 * waits, blocked, for the host's answer (channel.ts), which it decodes into the script's realm.
 * Nothing here decides policy: the host checks the name, counts the calls against maxHostCalls
 * and answers; the guest only refuses what it cannot send.
 */
import type { CallErrorName } from '../protocol/frames.js';
import { MAX_FRAME_BYTES } from '../protocol/frames.js';
import type { ValueBuilder } from '../protocol/values-realm.js';
import { decodeValue, encodeValue } from '../protocol/values.js';
import { callHost } from './channel.js';

export class GuestCalls {
  private evalId = 0;
  private active = false;
  private nextId = 1;

  /** An eval starts: its calls carry its id. */
  begin(evalId: number): void {
    this.evalId = evalId;
    this.active = true;
  }

  /** The eval has answered: a call now (a timer left over) has no eval to belong to. */
  end(): void {
    this.active = false;
  }

  call(name: string, args: unknown[], values: ValueBuilder): unknown {
    if (!this.active)
      throw callError(
        'HostFunctionError',
        `${name}(): host functions can be called only while an eval runs`,
      );
    // DataCloneError for what cannot be copied, as for a result.
    const json = JSON.stringify(encodeValue(args));
    const bytes = Buffer.byteLength(json);
    if (bytes > MAX_FRAME_BYTES - 1024)
      throw new RangeError(
        `${name}(): the arguments are ${bytes} bytes encoded, more than the ${MAX_FRAME_BYTES - 1024}-byte limit`,
      );
    const reply = callHost(this.evalId, this.nextId++, name, json);
    if (!reply.ok) throw callError(reply.error.name, reply.error.message);
    return decodeValue(reply.value, values);
  }
}

/** The realm rebuilds it as its own Error, keeping name and message (bootstrap.ts). */
function callError(name: CallErrorName, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}
