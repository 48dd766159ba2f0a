/**
 * The flags of `bunker run` that set options: one table says where each value goes, builds the
 * options object for the one schema, and rewords the schema's messages to name the flag.
 */
import { readFileSync } from 'node:fs';
import { ArgumentError } from '../errors.js';

/** A string flag's values, in order (a single-value flag given twice: the last counts). */
type Convert = (raws: string[], flag: string) => unknown;

/** Where a flag's value goes in the options object: `http.x` is field x of the http option. */
type OptionFlag = { option: string; value: Convert } | { option: string; set: boolean };

const last =
  (convert: (raw: string, flag: string) => unknown = (raw) => raw): Convert =>
  (raws, flag) =>
    convert(raws.at(-1)!, flag);
const each =
  (convert: (raw: string, flag: string) => unknown = (raw) => raw): Convert =>
  (raws, flag) =>
    raws.map((raw) => convert(raw, flag));

function integer(raw: string, flag: string): number {
  if (!/^\d+$/.test(raw)) throw new ArgumentError(`--${flag} must be a whole number, got "${raw}"`);
  return Number(raw);
}

/** `--resolve api.test=127.0.0.1`, as curl's --resolve without the port. */
function resolveEntries(raws: string[], flag: string): Record<string, string> {
  const entries = new Map<string, string>();
  for (const raw of raws) {
    const at = raw.indexOf('=');
    if (at <= 0) throw new ArgumentError(`--${flag} must be HOST=ADDRESS, got "${raw}"`);
    const host = raw.slice(0, at);
    if (entries.has(host)) throw new ArgumentError(`--${flag} gives ${host} twice`);
    entries.set(host, raw.slice(at + 1));
  }
  return Object.fromEntries(entries);
}

export function readText(file: string, flag?: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ArgumentError(`${flag ? `--${flag}: ` : ''}cannot read ${file}: ${why}`);
  }
}

/** Every flag that sets an option. Schema messages about an option are reworded to name its flag. */
export const OPTION_FLAGS: Record<string, OptionFlag> = {
  'timeout-ms': { option: 'timeoutMs', value: last(integer) },
  'cpu-time-ms': { option: 'cpuTimeMs', value: last(integer) },
  'memory-limit': { option: 'memoryLimit', value: last() },
  'console-max-bytes': { option: 'consoleMaxBytes', value: last(integer) },
  'stack-limit': { option: 'stackLimit', value: last() },
  'max-string-length': { option: 'maxStringLength', value: last(integer) },
  'allow-read': { option: 'allowRead', value: each() },
  'allow-write': { option: 'allowWrite', value: each() },
  'allow-eval': { option: 'allowEval', set: true },
  filename: { option: 'filename', value: last() },
  'allow-host': { option: 'http.allowlist', value: each() },
  'deny-host': { option: 'http.denylist', value: each() },
  'max-requests': { option: 'http.maxRequests', value: last(integer) },
  'request-timeout-ms': { option: 'http.requestTimeoutMs', value: last(integer) },
  'max-request-bytes': { option: 'http.maxRequestBytes', value: last() },
  'max-response-bytes': { option: 'http.maxResponseBytes', value: last() },
  'allow-method': { option: 'http.allowedMethods', value: each() },
  'allow-port': { option: 'http.allowedPorts', value: each(integer) },
  'allow-ip': { option: 'http.allowedIps', value: each() },
  'allow-private-ips': { option: 'http.blockPrivateIps', set: false },
  'max-redirects': { option: 'http.maxRedirects', value: last(integer) },
  resolve: { option: 'http.resolve', value: resolveEntries },
  'ca-cert': { option: 'http.caCertificates', value: each(readText) },
};

/** Flags that turn fetch on; the other http flags only shape it. */
const FETCH_SWITCHES = ['allow-host', 'deny-host'];

export const OPTION_FLAG_TYPES = Object.fromEntries(
  Object.entries(OPTION_FLAGS).map(([flag, spec]) => [
    flag,
    'set' in spec ? { type: 'boolean' } : { type: 'string', multiple: true },
  ]),
) as Record<string, { type: 'boolean' } | { type: 'string'; multiple: true }>;

export type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** The options object the flags describe; `http` only when a flag turned fetch on. */
export function optionsFrom(values: Values): Record<string, unknown> {
  const given = Object.keys(OPTION_FLAGS).filter((flag) => values[flag] !== undefined);
  const switches = given.filter((flag) => FETCH_SWITCHES.includes(flag));
  if (switches.length > 1)
    throw new ArgumentError('give either --allow-host or --deny-host, not both');
  const shaping = given.find((flag) => OPTION_FLAGS[flag]!.option.startsWith('http.'));
  // Without a switch fetch stays off, and a flag shaping it would silently do nothing.
  if (switches.length === 0 && shaping !== undefined)
    throw new ArgumentError(
      `--${shaping} needs --allow-host or --deny-host (fetch is off without them)`,
    );
  const options: Record<string, unknown> = {};
  const http: Record<string, unknown> = {};
  for (const flag of given) {
    const spec = OPTION_FLAGS[flag]!;
    const value = 'set' in spec ? spec.set : spec.value(values[flag] as string[], flag);
    if (spec.option.startsWith('http.')) http[spec.option.slice('http.'.length)] = value;
    else options[spec.option] = value;
  }
  if (switches.length > 0) options.http = http;
  return options;
}

/** 'option "http.allowedPorts.0": …' -> '--allow-port: …' */
export function inFlagTerms(message: string): string {
  return message.replace(/option "([^"]+)"/g, (text, path: string) => {
    const flag = Object.keys(OPTION_FLAGS).find((candidate) => {
      const { option } = OPTION_FLAGS[candidate]!;
      return path === option || path.startsWith(`${option}.`);
    });
    return flag === undefined ? text : `--${flag}`;
  });
}
