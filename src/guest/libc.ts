/**
 * The C library through bun:ffi, opened once for the guest's life: the seccomp(2) call, raw
 * writes to its pipes and to /proc, and the blocking read of stdin a host-function call waits in
 * (channel.ts). Going through libc instead of node:fs keeps node:fs out of the guest, whose
 * import costs ~5 ms of every sandbox start (Bun 1.4.5 builds the whole Node module; measured
 * again 2026-12-06: a script importing `fs` reaches its first line 5.5 ms later).
 */
import { dlopen, FFIType, ptr, read } from 'bun:ffi';

const EINTR = 4;
const O_WRONLY = 1;
const O_CLOEXEC = 0o2000000;
const EAGAIN = 11;
const POLLIN = 1;

const libc = dlopen('libc.so.6', {
  syscall: { args: [FFIType.i64, FFIType.i64, FFIType.i64, FFIType.ptr], returns: FFIType.i64 },
  open: { args: [FFIType.ptr, FFIType.i32, FFIType.i32], returns: FFIType.i32 },
  close: { args: [FFIType.i32], returns: FFIType.i32 },
  write: { args: [FFIType.i32, FFIType.ptr, FFIType.u64], returns: FFIType.i64 },
  read: { args: [FFIType.i32, FFIType.ptr, FFIType.u64], returns: FFIType.i64 },
  poll: { args: [FFIType.ptr, FFIType.u64, FFIType.i32], returns: FFIType.i32 },
  __errno_location: { args: [], returns: FFIType.ptr },
});

/** syscall(2) with three arguments, the last a pointer; returns what the kernel returned. */
export function syscall3(nr: number, a: number, b: number, pointer: ArrayBufferView): number {
  return Number(libc.symbols.syscall(nr, a, b, ptr(pointer)));
}

/** Writes all of `bytes` to a blocking descriptor; throws if the descriptor fails. */
export function writeAll(fd: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) {
    const written = Number(libc.symbols.write(fd, ptr(bytes, offset), bytes.length - offset));
    if (written >= 0) {
      offset += written;
      continue;
    }
    const errno = read.i32(Number(libc.symbols.__errno_location()));
    if (errno !== EINTR) throw new Error(`write to fd ${fd} failed (errno ${errno})`);
  }
}

/** Writes `text` to an existing file (as a single write, as /proc files want); false if it failed. */
export function writeExisting(path: string, text: string): boolean {
  const fd = Number(libc.symbols.open(ptr(Buffer.from(path + '\0')), O_WRONLY | O_CLOEXEC, 0));
  if (fd < 0) return false;
  try {
    writeAll(fd, Buffer.from(text));
    return true;
  } catch {
    return false;
  } finally {
    libc.symbols.close(fd);
  }
}

/**
 * Reads what `fd` holds now into `into`, blocking until there is something; 0 at end of file.
 * Bun leaves stdin blocking (measured, Bun 1.4.5); should a later Bun make it non-blocking, the
 * EAGAIN is waited out in poll(2) rather than spun on.
 */
export function readBlocking(fd: number, into: Uint8Array): number {
  for (;;) {
    const count = Number(libc.symbols.read(fd, ptr(into), into.length));
    if (count >= 0) return count;
    const errno = read.i32(Number(libc.symbols.__errno_location()));
    if (errno === EINTR) continue;
    if (errno !== EAGAIN) throw new Error(`read from fd ${fd} failed (errno ${errno})`);
    // struct pollfd { int fd; short events; short revents; }
    const pollfd = new Int32Array([fd, POLLIN]);
    libc.symbols.poll(ptr(pollfd), 1, -1);
  }
}
