/**
 * The part of Bun's `bun:ffi` the guest runtime uses (seccomp.ts), typed here rather than through
 * bun-types so the host's type space stays Node's.
 */
declare module 'bun:ffi' {
  export const FFIType: { readonly i64: number; readonly ptr: number };
  export function ptr(view: ArrayBufferView): number;
  export function dlopen<Symbols extends Record<string, { args: number[]; returns: number }>>(
    path: string,
    symbols: Symbols,
  ): {
    symbols: { [Name in keyof Symbols]: (...args: (number | bigint)[]) => bigint };
    close(): void;
  };
}
