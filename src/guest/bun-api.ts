/**
 * The few Bun APIs the guest runtime uses, captured before the realm hides `Bun`. Typed here
 * rather than through bun-types so the host's type space stays Node's.
 */
export interface BunApi {
  stdin: { stream(): ReadableStream<Uint8Array> };
  inspect(value: unknown, options?: { colors?: boolean; depth?: number }): string;
  Transpiler: new (options: {
    loader: 'js' | 'ts';
    replMode: boolean;
    define?: Record<string, string>;
  }) => {
    transformSync(code: string): string;
  };
}

export const bun = (globalThis as unknown as { Bun: BunApi }).Bun;
