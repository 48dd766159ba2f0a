export const HELP = `Usage: bunker run [FILE | -e CODE | -] [options]
       bunker serve --stdio
       bunker serve --http [HOST:]PORT [--token-file FILE]

Runs JavaScript or TypeScript in a fresh Bun process inside an OS sandbox and prints the
console output and the completion value.

Input (one of):
  FILE                      read the script from FILE (.ts, .mts, .cts: TypeScript)
  -e, --eval CODE           run CODE
  -                         read the script from standard input (the default)

Limits:
  --timeout-ms N            wall-clock budget in ms, timers and promises included (default 5000)
  --cpu-time-ms N           CPU-time budget in ms (default: the timeout)
  --memory-limit SIZE       memory beyond the runtime baseline, e.g. 64mb (default 64mb, min 8mb)
  --console-max-bytes N     console output kept, in bytes (default 10000)
  --stack-limit SIZE        JS stack size, e.g. 1mb (default: engine default, 5mb)
  --max-string-length N     longest string built-ins may build, in UTF-16 units

Access:
  --allow-read DIR          expose DIR read-only (repeatable)
  --allow-write DIR         expose DIR read-write (repeatable)
  --allow-eval              allow eval, new Function and WebAssembly compilation

Fetch (off unless --allow-host or --deny-host is given; the host makes each request):
  --allow-host PATTERN      allow only URLs matching PATTERN: api.example.com, *.example.com,
                            host:port, https://host/path/** (repeatable)
  --deny-host PATTERN       allow every URL except those matching PATTERN (repeatable;
                            not with --allow-host)
  --allow-method M          methods allowed (repeatable; default GET POST PUT DELETE PATCH HEAD)
  --allow-port P            ports allowed (repeatable; default 80 443)
  --allow-private-ips       allow non-public addresses: loopback, private, link-local, ...
  --allow-ip CIDR           allow these non-public addresses, e.g. 10.1.2.0/24 (repeatable)
  --resolve HOST=ADDRESS    answer HOST with ADDRESS instead of DNS; still vetted (repeatable)
  --ca-cert FILE            also trust the PEM certificate authorities in FILE (repeatable)
  --max-requests N          fetches per run (default 10)
  --request-timeout-ms N    budget per fetch, redirects and body included (default 5000)
  --max-request-bytes SIZE  request body size, e.g. 64kb (default 1mb)
  --max-response-bytes SIZE response body size, after decompression (default 1mb)
  --max-redirects N         redirects followed per fetch, each checked anew (default 5)
  A repeated flag replaces the default list. --json lists every fetch under "requests"; without
  --json each fetch is one "bunker: fetch …" line on stderr.

Other:
  --typescript              treat the code as TypeScript
  --filename NAME           the script's name in stack traces (default: FILE's name without
                            its directory, or script.js)
  --json                    print exactly one JSON object: {"ok":true,"value":...} or
                            {"ok":false,"error":...}, with "console", "requests" and "stats"
  Without --json, script text on stderr (and on stdout when it is a terminal) has control
  characters escaped (\\x1b), and its lines that start with "bunker" read "(script) bunker".
  -h, --help                show this help

Server:
  serve --stdio             answer JSON-line requests on stdin/stdout (run, create, eval,
                            setVariable, dispose, ping) until stdin closes; protocol in
                            docs/protocol.md; BUNKER_DEBUG=1 logs to stderr
  --max-processes N         sandbox processes the server may hold, warm and live (default:
                            one per 256 MiB of memory); a create past it is refused
  serve --http [HOST:]PORT  the HTTP API (docs/http-api.md) on HOST (default 127.0.0.1);
                            port 0 picks one; logs one JSON line per request on stderr
  --token-file FILE         bearer tokens, their tenants and ceilings (required off loopback)
  --node-id ID              names this node in sandbox ids, for the balancer (default: random)
  --sandbox-idle-ms N       dispose a sandbox unused this long (default 300000)
  --drain-timeout-ms N      on SIGTERM, wait this long for requests in flight (default 30000)
  --max-body-bytes N        largest request body, else 413 (default 4194304)

Exit status: 0 success; 1 the script failed; 2 bad usage or options; 70 the sandbox could not run.
`;
