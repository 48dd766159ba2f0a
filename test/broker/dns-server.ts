/**
 * A real DNS server on loopback UDP for the broker's tests: it answers A queries for the names
 * it is given, says NXDOMAIN for the others, and reads and drops every query for a name that
 * starts with `hang` (a resolver that never answers). It records every question it gets.
 */
import dgram from 'node:dgram';

export interface DnsServer {
  /** Every question received, as `name TYPE` (retransmissions included). */
  questions: string[];
  close(): Promise<void>;
}

const TYPES: Record<number, string> = { 1: 'A', 28: 'AAAA' };

export async function startDnsServer(
  address: string,
  port: number,
  answers: Record<string, string>,
): Promise<DnsServer> {
  const socket = dgram.createSocket('udp4');
  const questions: string[] = [];
  socket.on('message', (query, peer) => {
    const question = parseQuestion(query);
    if (question === undefined) return;
    questions.push(`${question.name} ${TYPES[question.type] ?? question.type}`);
    if (question.name.startsWith('hang')) return;
    const ipv4 = Object.hasOwn(answers, question.name) ? answers[question.name] : undefined;
    const records = ipv4 !== undefined && question.type === 1 ? [ipv4] : [];
    const rcode = ipv4 === undefined ? 3 : 0; // NXDOMAIN, or NOERROR (maybe with no records)
    socket.send(answer(query, question.end, rcode, records), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(port, address, resolve));
  // Hundreds of queries arrive in one burst; the default buffer drops half of them.
  socket.setRecvBufferSize(4 * 1024 * 1024);
  return {
    questions,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

function parseQuestion(query: Buffer): { name: string; type: number; end: number } | undefined {
  if (query.length < 12 || query.readUInt16BE(4) !== 1) return undefined;
  const labels: string[] = [];
  let at = 12;
  while (at < query.length && query[at]! !== 0) {
    const length = query[at]!;
    labels.push(query.subarray(at + 1, at + 1 + length).toString('latin1'));
    at += 1 + length;
  }
  if (at + 5 > query.length) return undefined;
  return { name: labels.join('.').toLowerCase(), type: query.readUInt16BE(at + 1), end: at + 5 };
}

function answer(query: Buffer, questionEnd: number, rcode: number, ipv4s: string[]): Buffer {
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2); // the query's id
  header.writeUInt16BE(0x8180 | rcode, 2); // a response, recursion desired and available
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(ipv4s.length, 6);
  const records = ipv4s.map((ip) => {
    const record = Buffer.alloc(16);
    record.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
    record.writeUInt16BE(1, 2); // A
    record.writeUInt16BE(1, 4); // IN
    record.writeUInt32BE(60, 6); // TTL
    record.writeUInt16BE(4, 10);
    ip.split('.').forEach((octet, i) => record.writeUInt8(Number(octet), 12 + i));
    return record;
  });
  return Buffer.concat([header, query.subarray(12, questionEnd), ...records]);
}
