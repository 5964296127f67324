// End-to-end test of the demo page in headless Chromium: serves demo/ on 127.0.0.1,
// replays both recordings, checks the rendered values, report and divergence marker
// against the Node package's results for the same input, and saves screenshots to
// test-output/.

import assert from 'node:assert/strict';
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

/** Serves files under `root` on 127.0.0.1 at a free port. */
async function serve(root) {
  const server = createServer(async (request, response) => {
    const pathname = decodeURIComponent(new URL(request.url, 'http://127.0.0.1').pathname);
    const file = path.join(root, pathname === '/' ? 'index.html' : pathname);
    if (!file.startsWith(root + path.sep)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': contentTypes[path.extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
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

  before(async () => {
    assert.ok(existsSync(chromiumPath), `${chromiumPath} not found; install Debian's chromium package or set CHROMIUM_PATH`);
    assert.ok(existsSync(path.join(demoDir, 'pkg', 'web', 'index.js')), 'demo/pkg is missing; run build.sh first');
    mkdirSync(outputDir, { recursive: true });
    server = await serve(demoDir);
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
    await page.waitForSelector('#state[data-state="ready"]', { timeout: 30_000 });
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
});
