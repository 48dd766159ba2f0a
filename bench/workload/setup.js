// The compute workload, one script evaluated unchanged by every system (bunker's guest, isolated-vm,
// QuickJS, the host's Node) before the timed calls in ../lib/compute.ts. It builds its own data from
// a seeded generator, so every system holds byte-identical inputs; its completion value (sizes and
// a checksum) proves that. Only the calls are timed, not this script.
/* eslint-disable no-unused-vars -- fib, jsonRoundTrip and regexCount are called by the timed evals */

function fib(n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

function mulberry32(seed) {
  return function () {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(20261125);
const int = (n) => Math.floor(random() * n);
const pick = (list) => list[int(list.length)];
const hex = (digits) => {
  let s = '';
  for (let i = 0; i < digits; i++) s += '0123456789abcdef'[int(16)];
  return s;
};
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
const ip = () => int(256) + '.' + int(256) + '.' + int(256) + '.' + int(256);
const NAMES = ['ada', 'grace', 'alan', 'edsger', 'barbara', 'ken', 'dennis', 'margaret', 'linus'];
const DOMAINS = ['example.com', 'mail.example.org', 'corp.example.net'];
const CITIES = ['Lisbon', 'Zürich', 'München', 'Kraków', 'Reykjavík', 'São Paulo', '東京'];
const TAGS = ['admin', 'beta', 'trial', 'vip', 'suspended', 'verified', 'legacy'];
const RESOURCES = ['users', 'orders', 'invoices', 'sessions', 'reports'];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];
const STATUSES = [200, 200, 200, 201, 204, 301, 400, 404, 500, 502, 503];
const LEVELS = ['INFO', 'INFO', 'INFO', 'WARN', 'ERROR', 'DEBUG'];
const BYTES = 1000000;

function makeDocument() {
  const records = [];
  let bytes = 0;
  while (bytes < BYTES) {
    const name = pick(NAMES);
    const record = {
      id: records.length,
      uuid: uuid(),
      name: name + ' ' + pick(NAMES),
      email: name + records.length + '@' + pick(DOMAINS),
      active: random() < 0.7,
      score: int(1000000) / 100,
      tags: [pick(TAGS), pick(TAGS)],
      address: { street: int(999) + ' Main St', city: pick(CITIES), zip: hex(5) },
      history: [
        { at: 1764000000 + int(1e7), amount: int(100000) / 100, note: null },
        { at: 1764000000 + int(1e7), amount: -int(5000) / 100, note: 'refund "partial"\n' },
      ],
    };
    bytes += JSON.stringify(record).length + 1;
    records.push(record);
  }
  return JSON.stringify({ generated: '2026-11-25', count: records.length, records });
}

function makeLog() {
  const lines = [];
  let bytes = 0;
  while (bytes < BYTES) {
    const level = pick(LEVELS);
    const at = new Date(Date.UTC(2026, 10, 25) + lines.length * 137).toISOString();
    const request = `${pick(METHODS)} /api/v1/${pick(RESOURCES)}/${int(100000)} ${pick(STATUSES)}`;
    const who = `req=${uuid()} user=${pick(NAMES)}@${pick(DOMAINS)}`;
    const tail = level === 'ERROR' && random() < 0.5 ? ' upstream timeout' : '';
    const line = `${at} ${level} [worker-${int(8)}] ${ip()} ${request} ${int(2000)}ms ${who}${tail}`;
    bytes += line.length + 1;
    lines.push(line);
  }
  return lines.join('\n') + '\n';
}

const DOC = makeDocument();
const LOG = makeLog();

function jsonRoundTrip() {
  return JSON.stringify(JSON.parse(DOC)).length;
}

const PATTERNS = [
  /\b(?:\d{1,3}\.){3}\d{1,3}\b/g, // IPv4 addresses
  /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, // ISO timestamps
  /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, // e-mail addresses
  /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, // request ids
  /^.*\b(?:GET|POST|PUT|DELETE) \S+ 5\d\d\b.*$/gm, // whole lines of server errors
  /\bERROR\b.*\btimeout\b/g, // errors that mention a timeout
];

function regexCount() {
  let count = 0;
  for (const pattern of PATTERNS) count += (LOG.match(pattern) || []).length;
  return count;
}

function checksum(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16);
}

'doc ' + DOC.length + ' chars, log ' + LOG.length + ' chars, fnv1a ' + checksum(DOC + LOG);
