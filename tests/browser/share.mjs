// "Share this warning" on a built site (node --test tests/browser/share.mjs [SITE_DIR]; default
// public/): without JavaScript every advisory page shows its SMS and messaging texts (the very
// text of share/sms.txt and share/messaging.txt) and links share/email.eml; with JavaScript a
// Copy button copies each text exactly. Each email's HTML part is opened in Chromium: it makes no
// request, runs nothing, and a screenshot per language is written (SCREENSHOT_DIR, else
// target/screenshots/).
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { discoverSite, launchBrowser, REPO_ROOT, startServer } from './checks.mjs';
import { emailParts } from './eml.mjs';

const argDir = process.argv.slice(2).find((a) => !a.startsWith('-') && !a.endsWith('.mjs'));
const siteDir = path.resolve(process.env.SITE_DIR || argDir || path.join(REPO_ROOT, 'public'));
const screenshotDir = path.resolve(process.env.SCREENSHOT_DIR || path.join(REPO_ROOT, 'target', 'screenshots'));

describe(`share panel and emails: ${path.relative(process.cwd(), siteDir) || '.'}`, () => {
  let site, server, browser;
  before(async () => {
    site = await discoverSite(siteDir);
    server = await startServer(siteDir, site.basePath);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const shareFile = (page, name) => path.join(siteDir, path.dirname(page.file), 'share', name);

  it('without JavaScript, every advisory page shows the texts of its share/ folder', async () => {
    const advisories = site.pages.filter((p) => p.kind === 'advisory');
    assert.ok(advisories.length >= 12, `only ${advisories.length} advisory pages`);
    const ctx = await browser.newContext({ javaScriptEnabled: false });
    const tab = await ctx.newPage();
    const failures = [];
    for (const page of advisories) {
      await tab.goto(server.origin + page.url, { waitUntil: 'load' });
      const shown = await tab.evaluate(() => ({
        sms: document.querySelector('#share-sms')?.value,
        messaging: document.querySelector('#share-messaging')?.value,
        email: document.querySelector('#share a[href$="share/email.eml"]')?.getAttribute('href'),
        buttons: document.querySelectorAll('#share button').length,
        visible: document.querySelector('#share-sms')?.getBoundingClientRect().height > 0,
      }));
      const sms = await fs.readFile(shareFile(page, 'sms.txt'), 'utf8');
      const messaging = await fs.readFile(shareFile(page, 'messaging.txt'), 'utf8');
      if (shown.sms !== sms) failures.push(`${page.file}: the SMS box differs from sms.txt`);
      if (shown.messaging !== messaging) failures.push(`${page.file}: the messaging box differs from messaging.txt`);
      if (!shown.email) failures.push(`${page.file}: no link to share/email.eml`);
      if (shown.buttons !== 0) failures.push(`${page.file}: buttons without JavaScript`);
      if (!shown.visible) failures.push(`${page.file}: the SMS box is not visible`);
    }
    await ctx.close();
    assert.deepEqual(failures, [], failures.join('\n'));
  });

  it('with JavaScript, the Copy buttons copy each text exactly', async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: true });
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
    const tab = await ctx.newPage();
    for (const page of site.pages.filter((p) => p.kind === 'advisory' && ['en', 'ar'].includes(p.lang)).slice(0, 2)) {
      await tab.goto(server.origin + page.url, { waitUntil: 'load' });
      const buttons = tab.locator('#share button.share-copy');
      assert.equal(await buttons.count(), 2, `${page.file}: a Copy button per text`);
      for (const [i, name] of [[0, 'sms.txt'], [1, 'messaging.txt']]) {
        await buttons.nth(i).click();
        await tab.locator('#share .share-status').nth(i).filter({ hasText: /./ }).waitFor();
        const copied = await tab.evaluate(() => navigator.clipboard.readText());
        assert.equal(copied, await fs.readFile(shareFile(page, name), 'utf8'), `${page.file}: ${name}`);
      }
    }
    await ctx.close();
  });

  it('opens each email\'s HTML in Chromium: no request, nothing runs; screenshots', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'redflag-email-'));
    await fs.mkdir(screenshotDir, { recursive: true });
    const ctx = await browser.newContext({ javaScriptEnabled: true, viewport: { width: 700, height: 900 } });
    const tab = await ctx.newPage();
    const requests = [];
    tab.on('request', (r) => { if (!r.url().startsWith('file://')) requests.push(r.url()); });
    const shot = new Set();
    try {
      for (const page of site.pages.filter((p) => p.kind === 'advisory')) {
        const eml = await fs.readFile(shareFile(page, 'email.eml'), 'latin1');
        const html = emailParts(eml)['text/html'];
        const file = path.join(dir, `${page.lang}-${page.slug}.html`);
        await fs.writeFile(file, html);
        await tab.goto(`file://${file}`, { waitUntil: 'load' });
        const seen = await tab.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir, h1: document.querySelector('h1')?.innerText }));
        assert.equal(seen.lang, page.lang, page.file);
        assert.ok(seen.h1, `${page.file}: the email has a title`);
        if (!shot.has(page.lang)) {
          shot.add(page.lang);
          await tab.screenshot({ path: path.join(screenshotDir, `email-${page.lang}.png`), fullPage: true });
        }
      }
    } finally {
      await ctx.close();
      await fs.rm(dir, { recursive: true, force: true });
    }
    assert.deepEqual(requests, [], 'the emails make no request');
  });
});
