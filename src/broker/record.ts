/** What `result.requests` holds: one entry per request the script attempted, allowed or not. */
import type { BlockReason } from './refusal.js';

export interface RequestRecord {
  /** Upper-case method as sent (or as asked, when refused). */
  method: string;
  /** The normalized URL of this hop; the raw text when it could not be parsed. */
  url: string;
  /** HTTP status of the response; null when nothing came back. */
  status: number | null;
  /** From the start of this hop until its body was read or it failed, in ms. */
  durationMs: number;
  /** Request body bytes sent (0 when refused). */
  requestBytes: number;
  /** Response body bytes read, after decompression. */
  responseBytes: number;
  /** Set when the broker refused the request before sending anything. */
  blocked?: BlockReason;
  /** Set when the request was sent (or its connection attempted) but failed or hit a limit. */
  error?: string;
}
