/**
 * The playground at GET /: one self-contained page (no external script, style or font) that
 * calls POST /v1/run. The token is asked for in the page and kept only in its memory (no
 * storage, no cookie), and every text from the server is shown through textContent.
 */
export const PLAYGROUND_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>bunker playground</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; max-width: 60rem; }
  textarea { width: 100%; height: 14rem; font: 13px/1.4 ui-monospace, monospace; }
  fieldset { display: flex; flex-wrap: wrap; gap: 1rem; border: 1px solid #ccc; }
  label { display: flex; gap: .3rem; align-items: center; }
  pre { background: #f6f6f6; padding: .5rem; white-space: pre-wrap; word-break: break-all; min-height: 1.2em; }
  .error { color: #a00; }
  h2 { font-size: 1rem; margin: 1rem 0 .2rem; }
</style>
</head>
<body>
<h1>bunker playground</h1>
<form id="form">
  <textarea id="code" spellcheck="false" aria-label="script">console.log("hello"); 6 * 7</textarea>
  <fieldset>
    <label>token <input id="token" type="password" autocomplete="off" size="24"></label>
    <label>timeout ms <input id="timeout" type="number" value="2000" min="1" size="7"></label>
    <label>memory <input id="memory" type="text" value="64mb" size="7"></label>
    <label><input id="typescript" type="checkbox"> TypeScript</label>
    <label>allowed fetch hosts <input id="hosts" type="text" placeholder="api.example.com, *.example.org" size="30"></label>
  </fieldset>
  <p><button id="run" type="submit">Run</button> <span id="status"></span></p>
</form>
<h2>value</h2><pre id="value"></pre>
<h2>error</h2><pre id="error" class="error"></pre>
<h2>console</h2><pre id="console"></pre>
<h2>stats</h2><pre id="stats"></pre>
<h2>fetch log</h2><pre id="requests"></pre>
<script>
  const $ = (id) => document.getElementById(id);
  function options() {
    const result = { timeoutMs: Number($('timeout').value), memoryLimit: $('memory').value,
      typescript: $('typescript').checked };
    const hosts = $('hosts').value.split(',').map((h) => h.trim()).filter(Boolean);
    if (hosts.length > 0) result.http = { allowlist: hosts };
    return result;
  }
  function show(answer) {
    $('value').textContent = answer.ok ? JSON.stringify(answer.value, null, 2) : '';
    $('error').textContent = answer.ok ? '' :
      answer.error.name + ' (' + answer.error.code + '): ' + answer.error.message +
      (answer.error.stack ? '\\n' + answer.error.stack : '');
    $('console').textContent = (answer.console || '') + (answer.consoleTruncated ? '\\n[truncated]' : '');
    $('stats').textContent = answer.stats ? JSON.stringify(answer.stats) : '';
    $('requests').textContent = (answer.requests || []).map((r) =>
      r.method + ' ' + r.url + ' -> ' + (r.status ?? r.error ?? r.blocked ?? '')).join('\\n');
  }
  $('form').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('status').textContent = 'running…';
    const headers = { 'content-type': 'application/json' };
    if ($('token').value) headers.authorization = 'Bearer ' + $('token').value;
    try {
      const response = await fetch('/v1/run', { method: 'POST', headers,
        body: JSON.stringify({ code: $('code').value, options: options() }) });
      show(await response.json());
      $('status').textContent = 'HTTP ' + response.status;
    } catch (error) {
      $('status').textContent = 'failed: ' + error.message;
    }
  });
</script>
</body>
</html>
`;
