/** GET /: the playground in headless Chromium (Debian's chromium, driven by playwright-core). */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { TestNode, TOKENS, writeTokenFile } from './node.js';

const CHROMIUM = '/usr/bin/chromium';
const missing = existsSync(CHROMIUM)
  ? false
  : 'chromium is not installed (scripts/setup.sh installs it)';

/** Waits until the element's text matches (the answer arrived). */
const waitText = (page: Page, selector: string, pattern: RegExp) =>
  page.locator(selector, { hasText: pattern }).waitFor({ timeout: 10_000 });

describe('the playground', { skip: missing }, () => {
  let node: TestNode;
  let browser: Browser;
  let page: Page;
  before(async () => {
    node = new TestNode(['--token-file', writeTokenFile()]);
    // --no-sandbox: the tests run as root in their own namespaces, where Chromium's sandbox
    // cannot start; the page is ours and only talks to the loopback node.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage();
    await page.goto(await node.url);
    await page.fill('#token', TOKENS.acme);
  });
  after(async () => {
    await browser.close();
    await node.stop();
  });

  test('serves a self-contained page with a restrictive CSP', async () => {
    const answer = await node.request('GET', '/');
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(answer.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    assert.match(answer.text, /<title>bunker playground<\/title>/);
  });

  test('type a script, run it, see the value and the console', async () => {
    await page.fill('#code', 'console.log("from the page"); [1, 2, 3].map((n) => n * 2)');
    await page.click('#run');
    await waitText(page, '#status', /^HTTP 200$/);
    assert.equal(await page.textContent('#value'), JSON.stringify([2, 4, 6], null, 2));
    assert.equal(await page.textContent('#console'), 'from the page\n');
    assert.equal(await page.textContent('#error'), '');
    assert.match((await page.textContent('#stats')) ?? '', /"wallMs":/);
  });

  test('run an infinite loop, see the TimeoutError', async () => {
    await page.fill('#timeout', '500');
    await page.fill('#code', 'while (true) {}');
    await page.click('#run');
    await waitText(page, '#error', /^TimeoutError/);
    assert.match((await page.textContent('#error')) ?? '', /^TimeoutError \(WALL_TIMEOUT\): /);
    assert.equal(await page.textContent('#value'), '');
  });

  test('TypeScript and a syntax error with its stack', async () => {
    await page.fill('#timeout', '2000');
    await page.check('#typescript');
    await page.fill('#code', 'const n: number = 40; n + 2');
    await page.click('#run');
    await waitText(page, '#value', /^42$/);
    await page.uncheck('#typescript');
    await page.fill('#code', 'let = ;');
    await page.click('#run');
    await waitText(page, '#error', /^SyntaxError/);
  });

  test('a wrong token shows the 401', async () => {
    await page.fill('#token', 'wrong-token-0123456789');
    await page.fill('#code', '1');
    await page.click('#run');
    await waitText(page, '#status', /^HTTP 401$/);
    assert.match((await page.textContent('#error')) ?? '', /^SandboxError \(UNAUTHORIZED\)/);
    await page.fill('#token', TOKENS.acme);
  });
});
