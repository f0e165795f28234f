// The content manager (`redflag cms`, Sveltia CMS) in headless Chromium, against a copy of the
// example site. Sveltia edits a local folder through the File System Access API, whose native
// folder picker a headless browser cannot drive: the picker is answered with the browser's
// private file system (OPFS), filled with the site's files first and read back afterwards; so
// this tests the CMS and redflag's generated config, not Chromium's picker. Through the form:
// a new advisory (title, summary, severity, date, two red flags, a tip, a contact, a region)
// and its French translation; the written files pass `redflag check` and build into pages.
// Every request
// goes to 127.0.0.1 (the GitHub backend's status check, the one exception, is recorded); the
// Nu Html Checker and axe counts of the admin page are printed (Sveltia's markup is not ours).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AXE_JS, AXE_TAGS, checkHtmlValidity, launchBrowser, REDFLAG_BIN, REPO_ROOT, startServer } from './checks.mjs';

const WAIT = { timeout: 30_000 };
const SHOTS = path.join(REPO_ROOT, 'target', 'screenshots');
const SLUG = 'callers-who-say-they-are-from-the-tax-office'; // the CMS's slug of the title

function redflag(args, cwd) {
  const run = spawnSync(REDFLAG_BIN, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: '' } });
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

/** Every file below `dir`, as { relative path: text }. */
async function readTree(dir, rel = '') {
  const files = {};
  for (const e of await fs.readdir(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) Object.assign(files, await readTree(dir, r));
    else files[r] = await fs.readFile(path.join(dir, r), 'utf8');
  }
  return files;
}

/** Fills the browser's private file system with `files` (the "repository" the CMS opens). */
function seed(page, files) {
  return page.evaluate(async (files) => {
    const root = await navigator.storage.getDirectory();
    for (const [rel, text] of Object.entries(files)) {
      const parts = rel.split('/');
      let dir = root;
      for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p, { create: true });
      const w = await (await dir.getFileHandle(parts.at(-1), { create: true })).createWritable();
      await w.write(text);
      await w.close();
    }
  }, files);
}

/** The text of `rel` in the browser's private file system, or null. */
function readBack(page, rel) {
  return page.evaluate(async (rel) => {
    let dir = await navigator.storage.getDirectory();
    const parts = rel.split('/');
    try {
      for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p);
      return await (await (await dir.getFileHandle(parts.at(-1))).getFile()).text();
    } catch {
      return null;
    }
  }, rel);
}

/** Polls (every 250 ms, at most 30 s) until `rel` in the private file system contains
 * `needle` (the file system API is asynchronous, which waitForFunction cannot await). */
async function waitForFile(page, rel, needle) {
  let text = null;
  for (let i = 0; i < 120; i += 1) {
    text = await readBack(page, rel);
    if (text?.includes(needle)) return text;
    await page.waitForTimeout(250);
  }
  throw new Error(`${rel} never contained ${JSON.stringify(needle)}; it holds:\n${text}`);
}

/** Scrolls the editor pane `pane` until `target` is rendered (Sveltia renders fields lazily). */
async function reveal(page, pane, target) {
  await pane.getByRole('textbox', { name: 'Title' }).waitFor(WAIT);
  const box = await pane.boundingBox();
  for (let i = 0; i < 30; i += 1) {
    try {
      await target.waitFor({ timeout: 1000 });
      await target.scrollIntoViewIfNeeded();
      return target;
    } catch {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(0, 500);
    }
  }
  throw new Error(`${target} never appeared`);
}

describe('content manager (Sveltia CMS) on a copy of the example', () => {
  let site, server, browser, page;
  const requests = [];

  before(async () => {
    site = await fs.mkdtemp(path.join(os.tmpdir(), 'redflag-cms-'));
    // Without [posters]: the CMS writes Markdown; typesetting the example's posters in every
    // `check` and `build` below would only cost time.
    const toml = await fs.readFile(path.join(REPO_ROOT, 'site.toml'), 'utf8');
    let inPosters = false;
    const kept = toml.split('\n').filter((line) => {
      if (line.trimStart().startsWith('[')) inPosters = line.trimStart().startsWith('[posters]');
      return !inPosters;
    });
    assert.ok(kept.length < toml.split('\n').length, 'site.toml has a [posters] table');
    await fs.writeFile(path.join(site, 'site.toml'), kept.join('\n'));
    await fs.cp(path.join(REPO_ROOT, 'content'), path.join(site, 'content'), { recursive: true });
    const cms = redflag(['cms'], site);
    assert.equal(cms.code, 0, cms.out);
    server = await startServer(path.join(site, 'public'));
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.on('request', (r) => requests.push(r.url()));
    await page.addInitScript(() => {
      window.showDirectoryPicker = async () => navigator.storage.getDirectory();
    });
    await page.goto(`${server.origin}/admin/`);
    const files = {
      ...(await readTree(site, 'content')),
      'site.toml': await fs.readFile(path.join(site, 'site.toml'), 'utf8'),
      '.git/HEAD': 'ref: refs/heads/main\n',
    };
    await seed(page, files);
    await page.getByRole('button', { name: 'Work with Local Repository' }).click();
    await page.getByText(/Virtual kidnapping scam targets international students/).first().waitFor(WAIT);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (site) await fs.rm(site, { recursive: true, force: true });
  });

  it('creates an advisory and its French translation that redflag checks and builds', async () => {
    await page.goto(`${server.origin}/admin/#/collections/advisories/new`);
    const en = page.getByRole('group', { name: /Edit.*English.*Content/ });
    await en.getByRole('textbox', { name: 'Title' }).waitFor(WAIT);
    await en.getByRole('textbox', { name: 'Title' }).fill('Callers who say they are from the tax office');
    await en.getByRole('textbox', { name: 'Summary' }).fill('Callers claim you owe tax and demand payment in gift cards.');
    await en.getByRole('radio', { name: 'High' }).check();
    await en.getByRole('group', { name: /Date.*Field/ }).first().locator('input').first().fill('2026-11-30');
    await en.getByRole('checkbox', { name: 'Calgary' }).check();
    const list = async (group, field, texts) => {
      const g = group.getByRole('group', { name: new RegExp(`${field}.*Field`) });
      for (const [k, text] of texts.entries()) {
        if ((await g.getByRole('textbox').count()) <= k) await g.getByRole('button', { name: new RegExp(`Add.*${field}`) }).click();
        await g.getByRole('textbox').nth(k).fill(text);
      }
    };
    await list(en, 'Red flags', ['The caller says you owe tax and must pay today.', 'The caller asks for payment in gift cards.']);
    await list(en, 'Prevention', ['Hang up and call the tax office at a number you find yourself.']);
    await en.getByRole('combobox', { name: 'Contacts' }).click();
    await page.getByRole('option', { name: /^Emergency/ }).first().click();
    // The form renders fields as they scroll into view: bring the last ones in first.
    await en.getByRole('group', { name: /Retired.*Field/ }).scrollIntoViewIfNeeded();
    await en.getByRole('textbox', { name: 'Text' }).fill('Tax offices do not ask for gift cards.');
    await fs.mkdir(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'cms-form.png'), fullPage: true });

    await en.getByRole('radio', { name: /French/ }).click();
    await page.getByRole('button', { name: /Enable.*French/ }).click();
    const fr = page.getByRole('group', { name: /Edit.*French.*Content/ });
    await fr.getByRole('button', { name: /Show.*French.*Content Options/ }).click();
    await page.getByRole('menuitem', { name: /Copy from/ }).click();
    await page.getByRole('menuitem', { name: 'English', exact: true }).click();
    await fr.getByRole('textbox', { name: 'Title' }).fill('Appels de faux agents du fisc');
    await fr.getByRole('textbox', { name: 'Summary' }).fill('On prétend que vous devez des impôts et on exige des cartes-cadeaux.');
    await list(fr, 'Red flags', ["On vous dit que vous devez des impôts à payer aujourd'hui.", 'On vous demande de payer en cartes-cadeaux.']);
    await list(fr, 'Prevention', ['Raccrochez et appelez le fisc à un numéro que vous trouvez vous-même.']);
    await (await reveal(page, fr, fr.getByRole('textbox', { name: 'Text' }))).fill('Le fisc ne demande jamais de cartes-cadeaux.');
    await page.screenshot({ path: path.join(SHOTS, 'cms-form-fr.png'), fullPage: true });
    await page.getByRole('button', { name: 'Save' }).click();

    const dir = `content/advisories/${SLUG}`;
    const index = await waitForFile(page, `${dir}/index.md`, 'severity: high');
    const french = await waitForFile(page, `${dir}/index.fr.md`, 'cartes-cadeaux');
    assert.doesNotMatch(french, /severity|contacts|regions/, 'the translation carries only translated text');
    await fs.mkdir(path.join(site, dir), { recursive: true });
    await fs.writeFile(path.join(site, dir, 'index.md'), index);
    await fs.writeFile(path.join(site, dir, 'index.fr.md'), french);
    const check = redflag(['check'], site);
    assert.equal(check.code, 0, `redflag check on what the CMS wrote:\n${check.out}\n${index}\n${french}`);
    const build = redflag(['build'], site);
    assert.equal(build.code, 0, build.out);
    const built = await fs.readFile(path.join(site, 'public/fr/advisories', SLUG, 'index.html'), 'utf8');
    assert.match(built, /Appels de faux agents du fisc/);
    const shot = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await shot.goto(`${server.origin}/fr/advisories/${SLUG}/`);
    await shot.screenshot({ path: path.join(SHOTS, 'cms-result-fr.png'), fullPage: true });
    await shot.close();
  });

  it('asks no other host and records the admin page checks', async () => {
    const others = [...new Set(requests.map((u) => new URL(u)).filter((u) => !['127.0.0.1', ''].includes(u.hostname) && u.protocol !== 'blob:' && u.protocol !== 'data:').map((u) => u.host))];
    console.log(`cms: requests to other hosts: ${others.join(', ') || 'none'}`);
    assert.deepEqual(others.filter((h) => h !== 'www.githubstatus.com'), [], 'the CMS asked another host');
    await page.goto(`${server.origin}/admin/#/collections/advisories`);
    await page.getByText(/Virtual kidnapping scam targets international students/).first().waitFor(WAIT);
    await page.evaluate(await fs.readFile(AXE_JS, 'utf8'));
    const axe = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), AXE_TAGS);
    const dom = await fs.mkdtemp(path.join(os.tmpdir(), 'redflag-cms-dom-'));
    await fs.writeFile(path.join(dom, 'admin.html'), `<!doctype html>\n${await page.evaluate(() => document.documentElement.outerHTML)}`);
    const vnu = await checkHtmlValidity(dom, ['admin.html']);
    await fs.rm(dom, { recursive: true, force: true });
    console.log(`cms: admin page (Sveltia's markup): axe ${axe.violations.length} violation rule(s) [${axe.violations.map((v) => `${v.id}:${v.nodes.length}`).join(', ')}], Nu Html Checker ${vnu.length} error(s)`);
  });
});
