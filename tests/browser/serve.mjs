// `redflag serve` in a real browser: open an advisory, change its title on disk and see the new
// title with no action; break the front matter and see the overlay naming the file and line;
// fix it and see the page again. Every wait is on the page itself (waitForFunction), bounded.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, REPO_ROOT, REDFLAG_BIN } from './checks.mjs';

const BIN = REDFLAG_BIN;
const WAIT = { timeout: 30_000 };
const SLUG = 'virtual-kidnapping-calgary';

async function copyExample(dir) {
  await fs.copyFile(path.join(REPO_ROOT, 'site.toml'), path.join(dir, 'site.toml'));
  await fs.cp(path.join(REPO_ROOT, 'content'), path.join(dir, 'content'), { recursive: true });
}

function startServer(root) {
  const child = spawn(BIN, ['serve', '--port', '0', '--root', root], { stdio: ['ignore', 'ignore', 'pipe'] });
  const url = new Promise((resolve, reject) => {
    let seen = '';
    child.stderr.on('data', (chunk) => {
      seen += chunk;
      const match = seen.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (match) resolve(match[0]);
    });
    child.on('exit', (code) => reject(new Error(`redflag serve exited (${code}):\n${seen}`)));
    setTimeout(() => reject(new Error(`no address printed within 30 s:\n${seen}`)), WAIT.timeout).unref();
  });
  return { child, url };
}

describe('redflag serve in Chromium', () => {
  let dir, server, browser, page, file, original;

  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'redflag-serve-'));
    await copyExample(dir);
    file = path.join(dir, 'content', 'advisories', SLUG, 'index.md');
    original = await fs.readFile(file, 'utf8');
    server = startServer(dir);
    const base = await server.url;
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.goto(`${base}advisories/${SLUG}/`);
  });

  after(async () => {
    await browser?.close();
    server?.child.kill();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('shows a new title without any action', async () => {
    await fs.writeFile(file, original.replace(/^title: .*$/m, 'title: Live edit works'));
    await page.waitForFunction(() => document.querySelector('h1')?.textContent.includes('Live edit works'), null, WAIT);
  });

  it('shows an overlay naming the file and line when the front matter breaks', async () => {
    await fs.writeFile(file, original.replace(/^severity: high$/m, 'severity: [high'));
    await page.waitForFunction(() => document.getElementById('redflag-errors') !== null, null, WAIT);
    const text = await page.textContent('#redflag-errors');
    assert.match(text, new RegExp(`content/advisories/${SLUG}/index\\.md:\\d+:\\d+`));
    assert.match(text, /help:/);
  });

  it('removes the overlay when the file is fixed', async () => {
    await fs.writeFile(file, original);
    await page.waitForFunction(() => document.getElementById('redflag-errors') === null
      && !document.querySelector('h1')?.textContent.includes('Live edit works'), null, WAIT);
    assert.ok(await page.isVisible('#red-flags'));
  });
});
