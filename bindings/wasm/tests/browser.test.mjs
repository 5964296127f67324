// End-to-end test of the demo page in headless Chromium, as a reader gets it from a fresh
// clone. It serves the files of demo/ that git tracks on 127.0.0.1, so the page runs the
// committed copy of the web build in demo/pkg/, not the fresh build in pkg/. It replays both
// recordings and checks the rendered values, report and divergence marker against the
// freshly built Node package's results for the same input. Screenshots go to test-output/.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import { Validator } from '../pkg/node/index.mjs';
import { recordings, schema, tokenize } from '../demo/recordings.js';
import { wasmDir } from './helpers.mjs';

const demoDir = path.join(wasmDir, 'demo');
const outputDir = path.join(wasmDir, 'test-output');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const contentTypes = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

/**
 * Lists the files under `root` that git tracks, relative to it, or returns null when `root`
 * is not in a git checkout (an unpacked archive, say).
 */
function trackedFiles(root) {
  try {
    const output = execFileSync('git', ['ls-files', '-z', '--cached', '--', '.'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return new Set(output.split('\0').filter((file) => file !== ''));
  } catch {
    return null;
  }
}

/**
 * Serves the files under `root` on 127.0.0.1 at a free port, as a plain static server does.
 * When `tracked` is a set, only those files are found, so that a page that needs an
 * uncommitted file fails here as it would in a fresh clone. Records every request's path
 * and status in `requests`.
 */
async function serve(root, tracked, requests) {
  const server = createServer(async (request, response) => {
    const pathname = decodeURIComponent(new URL(request.url, 'http://127.0.0.1').pathname);
    const file = path.join(root, pathname === '/' ? 'index.html' : pathname);
    const relative = path.relative(root, file).split(path.sep).join('/');
    let status = 404;
    if (!file.startsWith(root + path.sep)) {
      status = 403;
    } else if (tracked === null || tracked.has(relative)) {
      try {
        const body = await readFile(file);
        status = 200;
        response.writeHead(200, { 'content-type': contentTypes[path.extname(file)] ?? 'application/octet-stream' });
        response.end(body);
      } catch {
        status = 404;
      }
    }
    requests.push({ path: pathname, status });
    if (status !== 200) {
      response.writeHead(status).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

describe('demo page', { timeout: 120_000 }, () => {
  let server;
  let browser;
  let page;
  const pageErrors = [];
  const requests = [];

  before(async () => {
    assert.ok(existsSync(chromiumPath), `${chromiumPath} not found; install Debian's chromium package or set CHROMIUM_PATH`);
    assert.ok(
      existsSync(path.join(demoDir, 'pkg', 'web', 'index.js')),
      'demo/pkg/web/index.js is missing: it is committed, so restore it with `git checkout -- demo/pkg` or rebuild it with `build.sh --update-demo`',
    );
    const tracked = trackedFiles(demoDir);
    if (tracked === null) {
      console.log('# demo/ is not in a git checkout, so every file under it is served');
    }
    mkdirSync(outputDir, { recursive: true });
    server = await serve(demoDir, tracked, requests);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') {
        pageErrors.push(message.text());
      }
    });
    await page.goto(`http://127.0.0.1:${server.address().port}/index.html?delay=5`);
    try {
      await page.waitForSelector('#state[data-state="ready"]', { timeout: 30_000 });
    } catch (error) {
      const failed = requests.filter((request) => request.status !== 200);
      assert.fail(`the page did not become ready: ${error.message}\nfailed requests: ${JSON.stringify(failed)}\npage errors: ${JSON.stringify(pageErrors)}`);
    }
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  });

  test('valid answer fills the form and the report', async () => {
    const expected = new Validator(schema).validate(recordings.valid.text);

    await page.click('#play-valid');
    await page.waitForSelector('#state[data-state="accepted"]', { timeout: 60_000 });

    const cell = (pointer) => page.textContent(`#value [data-path="${pointer}"]`);
    assert.equal(await cell('/customer/name'), expected.value.customer.name);
    assert.equal(await cell('/customer/email'), expected.value.customer.email);
    assert.equal(await cell('/items/0/sku'), 'BOK-0042');
    assert.equal(await cell('/items/1/quantity'), '10');
    assert.equal(await cell('/items/1/unit_price'), '1.25');
    assert.equal(await cell('/currency'), 'EUR');
    assert.equal(await cell('/priority'), 'normal');

    assert.equal(await page.locator('#report tr.stripped').count(), expected.stripped.length);
    assert.equal(await page.locator('#report tr.repair').count(), expected.repairs.length);
    assert.match(await page.textContent('#report .status'), /Status: repaired/);
    assert.equal(await page.locator('mark.divergence').count(), 0);
    assert.equal(await page.textContent('#output'), recordings.valid.text);

    await page.screenshot({ path: path.join(outputDir, 'demo-valid.png'), fullPage: true });
    assert.deepEqual(pageErrors, []);
  });

  test('broken answer is marked at its divergence', async () => {
    let expected;
    try {
      new Validator(schema).validate(recordings.broken.text);
    } catch (error) {
      expected = error;
    }
    assert.ok(expected, 'the broken recording is rejected by the Node package');

    await page.click('#play-broken');
    await page.waitForSelector('#state[data-state="rejected"]', { timeout: 60_000 });

    const marker = page.locator('mark.divergence');
    assert.equal(await marker.count(), 1);
    assert.equal(await marker.getAttribute('data-offset'), String(expected.offset));
    assert.equal(await marker.textContent(), 'C');
    assert.equal(await page.textContent('[data-field="kind"]'), 'schema');
    assert.equal(await page.textContent('[data-field="instancePath"]'), expected.instancePath);
    assert.equal(await page.textContent('[data-field="schemaPath"]'), expected.schemaPath);

    // The form kept everything accepted before the divergence: the currency string had
    // opened, but none of its content was accepted.
    assert.equal(await page.textContent('#value [data-path="/items/1/sku"]'), 'PEN-1001');
    assert.equal(await page.textContent('#value [data-path="/currency"]'), '');
    assert.equal(await page.locator('#value [data-path="/priority"]').count(), 0);

    // Reading stopped at the chunk that diverged: far fewer chunks than the recording has.
    const total = tokenize(recordings.broken.text).length;
    const stopped = await page.textContent('#stopped');
    const sent = Number(/after (\d+) of/.exec(stopped)[1]);
    assert.ok(sent < total - 10, stopped);
    assert.match(stopped, /the source was cancelled/);

    await page.screenshot({ path: path.join(outputDir, 'demo-screenshot.png'), fullPage: true });
    assert.deepEqual(pageErrors, []);
  });

  test('page loads only committed files', () => {
    const paths = requests.map((request) => request.path);
    for (const file of ['/index.html', '/demo.js', '/pkg/web/index.js', '/pkg/web/jsonseam_wasm_bg.wasm']) {
      assert.ok(paths.includes(file), `the page did not request ${file}: ${paths.join(', ')}`);
    }
    const failed = requests.filter((request) => request.status !== 200);
    assert.deepEqual(failed, [], 'requests for files that are missing or not tracked by git');
  });
});
