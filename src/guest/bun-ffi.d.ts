/**
 * The part of Bun's `bun:ffi` the guest runtime uses (libc.ts), typed here rather than through
 * bun-types so the host's type space stays Node's.
 */
declare module 'bun:ffi' {
  export const FFIType: {
    readonly i32: number;
    readonly i64: number;
    readonly u64: number;
    readonly ptr: number;
  };
  export function ptr(view: ArrayBufferView, byteOffset?: number): number;
  export const read: { i32(pointer: number, byteOffset?: number): number };
  export function dlopen<Symbols extends Record<string, { args: number[]; returns: number }>>(
    path: string,
    symbols: Symbols,
  ): {
    symbols: { [Name in keyof Symbols]: (...args: (number | bigint)[]) => number | bigint };
    close(): void;
  };
}
