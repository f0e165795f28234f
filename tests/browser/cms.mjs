// The content manager (`redflag serve --cms`, Sveltia CMS) in headless Chromium, against a copy
// of the example site, as docs/cms.md tells an editor: the preview serves /admin/, and the CMS
// edits the site folder through the File System Access API. Its native folder picker cannot be
// driven headless: the picker is answered with the browser's private file system (OPFS), filled
// with the site's files first, and what the CMS saves there is copied into the site folder (what
// the real picker makes the browser do), so this tests the CMS, redflag's generated config and
// the preview, not Chromium's picker. Through the form: a new advisory (title, summary,
// severity, date, two red flags, a tip, a contact, a region) and its French translation; the
// written files pass `redflag check`, `serve --cms` records the new translation's
// `source_digest` (no RF030), and the preview shows the new page by itself. Then a contact's
// hours in content/contacts.yaml (a file collection): exactly that line changes, every source
// and note is kept; the same for a region's French label in content/taxonomies.yaml, its
// geocodes and notes kept. Then an existing advisory: one red flag edited, twice; as the example is
// written in the CMS's style, each save changes exactly one line and the translations are
// untouched. Then an advisory removed through Removed advisories (content/retired.yaml): the
// form writes the entry in the reader's key order, `check` names the links to the removed page,
// and the build writes only a Cancel at its alert. Every request goes to 127.0.0.1 (the GitHub backend's status check, the one
// exception, is recorded); the Nu Html Checker and axe counts of the admin page are printed
// (Sveltia's markup is not ours).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AXE_JS, AXE_TAGS, checkHtmlValidity, launchBrowser, REDFLAG_BIN, REPO_ROOT } from './checks.mjs';

const WAIT = { timeout: 30_000 };
const SHOTS = path.join(REPO_ROOT, 'target', 'screenshots');
const SLUG = 'callers-who-say-they-are-from-the-tax-office'; // the CMS's slug of the title
const EXISTING = 'virtual-kidnapping-calgary';

/** `redflag serve --cms --port 0` inside `site`; resolves to its address and the child. */
function serveCms(site) {
  const child = spawn(REDFLAG_BIN, ['serve', '--cms', '--port', '0'], { cwd: site, stdio: ['ignore', 'ignore', 'pipe'] });
  let seen = '';
  const origin = new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk) => {
      seen += chunk;
      const match = seen.match(/http:\/\/127\.0\.0\.1:\d+/);
      if (match) resolve(match[0]);
    });
    child.on('exit', (code) => reject(new Error(`redflag serve exited (${code}):\n${seen}`)));
  });
  return { child, origin, log: () => seen };
}

/** The lines of `after` that are not in `before`, and those of `before` not in `after`. */
function changedLines(before, after) {
  const count = (lines) => lines.reduce((m, l) => m.set(l, (m.get(l) ?? 0) + 1), new Map());
  const minus = (a, b) => {
    const left = count(b);
    return a.filter((l) => (left.get(l) ?? 0) > 0 ? (left.set(l, left.get(l) - 1), false) : true);
  };
  const [b, a] = [before.split('\n'), after.split('\n')];
  return { removed: minus(b, a), added: minus(a, b) };
}

function redflag(args, cwd) {
  const run = spawnSync(REDFLAG_BIN, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: '' } });
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

/** `redflag check --format json` in `site`: its exit code, output and diagnostics. */
function diagnostics(site) {
  const check = redflag(['check', '--format', 'json'], site);
  return { ...check, found: check.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)) };
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

/** Polls (every 250 ms, at most 30 s) until the site file `file` contains `needle`. */
async function waitForSiteFile(file, needle) {
  let text = null;
  for (let i = 0; i < 120; i += 1) {
    text = await fs.readFile(file, 'utf8');
    if (text.includes(needle)) return text;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${file} never contained ${JSON.stringify(needle)}; it holds:\n${text}`);
}

/** Scrolls the editor pane `pane` until `target` is rendered. Sveltia renders a field only once
 * it scrolls into view (an expanded object's fields too), so waiting without scrolling can wait
 * forever: on a slow machine a just-expanded region sat at the bottom edge of the window with
 * none of its fields drawn. */
async function reveal(page, pane, target) {
  await pane.waitFor(WAIT);
  for (let i = 0; i < 30; i += 1) {
    try {
      await target.waitFor({ timeout: 1000 });
      await target.scrollIntoViewIfNeeded();
      return target;
    } catch {
      const box = await pane.boundingBox();
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
    server = serveCms(site);
    server.origin = await server.origin;
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.on('request', (r) => requests.push(r.url()));
    // Playwright dismisses dialogs; say so in the log (a dismissed "leave this page?" would keep
    // an editor open: once, on a loaded machine, the editor stayed after moving to a list).
    page.on('dialog', async (d) => {
      console.log(`# cms: dialog dismissed: ${d.type()}: ${d.message()}`);
      await d.dismiss();
    });
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
    server?.child.kill();
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
    const shot = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const missing = await shot.goto(`${server.origin}/fr/advisories/${SLUG}/`);
    assert.equal(missing.status(), 404, 'the page exists before the save reached the folder');
    await shot.goto(`${server.origin}/fr/`);
    const reloaded = shot.waitForEvent('load', WAIT);
    await fs.mkdir(path.join(site, dir), { recursive: true });
    await fs.writeFile(path.join(site, dir, 'index.md'), index);
    await fs.writeFile(path.join(site, dir, 'index.fr.md'), french);
    await reloaded; // the preview reloads the French home page by itself
    await shot.getByText('Appels de faux agents du fisc').first().waitFor(WAIT);
    await shot.goto(`${server.origin}/fr/advisories/${SLUG}/`);
    await shot.getByRole('heading', { name: 'Appels de faux agents du fisc' }).waitFor(WAIT);
    await shot.screenshot({ path: path.join(SHOTS, 'cms-result-fr.png'), fullPage: true });
    await shot.close();
    // `serve --cms` records the source the new translation was made from (no RF030 warning).
    const stamped = await waitForSiteFile(path.join(site, dir, 'index.fr.md'), 'source_digest: ');
    assert.equal(stamped, french.replace('---\n', `---\nsource_digest: ${stamped.match(/source_digest: (\w+)/)[1]}\n`));
    assert.doesNotMatch(await fs.readFile(path.join(site, dir, 'index.md'), 'utf8'), /source_digest/);
    const check = diagnostics(site);
    assert.equal(check.code, 0, `redflag check on what the CMS wrote:\n${check.out}\n${index}\n${stamped}`);
    const codes = check.found.filter((d) => d.file.includes(SLUG)).map((d) => d.code);
    assert.ok(!codes.includes('RF030') && !codes.includes('RF029'), `the French translation is current:\n${check.out}`);
  });

  it("edits a contact's hours in content/contacts.yaml: one line changes, every source and note kept", async () => {
    const rel = 'content/contacts.yaml';
    const original = await readBack(page, rel);
    await page.goto(`${server.origin}/admin/#/collections/contacts/entries/contacts`);
    const contact = page.getByRole('group', { name: /Calgary Police Service \(non-emergency\).*Field/ });
    await contact.getByRole('button', { name: /Expand/ }).first().click();
    const hours = await reveal(page, page.getByRole('group', { name: /Edit.*Content/ }).first(), contact.getByRole('textbox', { name: 'Hours (en)' }));
    await hours.fill('24 hours, every day');
    await page.screenshot({ path: path.join(SHOTS, 'cms-contact.png') });
    await page.getByRole('button', { name: 'Save' }).click();
    const saved = await waitForFile(page, rel, '24 hours, every day');
    assert.deepEqual(changedLines(original, saved), { removed: ['    en: 24 hours'], added: ['    en: 24 hours, every day'] });
    const [before, now] = [original.split('\n'), saved.split('\n')];
    const lines = before.flatMap((l, k) => (l === now[k] ? [] : [k]));
    const block = before.indexOf('calgary-police-non-emergency:');
    const next = before.findIndex((l, k) => k > block && /^\S/.test(l));
    assert.ok(lines.length === 1 && lines[0] > block && lines[0] < next, `the Calgary police line changed: ${lines}`);
    for (const key of ['  source:', '  note:', '    checked:']) {
      assert.equal(now.filter((l) => l.startsWith(key)).length, before.filter((l) => l.startsWith(key)).length, `every ${key.trim()} kept`);
    }
    await fs.writeFile(path.join(site, rel), saved);
    const check = diagnostics(site);
    assert.equal(check.code, 0, `redflag check after the contact edit:\n${check.out}`);
    const warnings = check.found.filter((d) => d.file === rel && d.severity !== 'info');
    assert.deepEqual(warnings, [], 'contacts.yaml has no warning');
  });

  it("edits a region's label in content/taxonomies.yaml: one line changes, every note and geocode kept", async () => {
    const rel = 'content/taxonomies.yaml';
    const original = await readBack(page, rel);
    await page.goto(`${server.origin}/admin/#/collections/taxonomies/entries/taxonomies`);
    const region = page.getByRole('group', { name: /British Columbia \(british-columbia\).*Field/ });
    await region.getByRole('button', { name: /Expand/ }).first().click();
    const label = await reveal(page, page.getByRole('group', { name: /Edit.*Content/ }).first(), region.getByRole('textbox', { name: 'Label (fr)' }));
    await label.fill('Colombie-Britannique (province)');
    await page.screenshot({ path: path.join(SHOTS, 'cms-taxonomy.png') });
    await page.getByRole('button', { name: 'Save' }).click();
    const saved = await waitForFile(page, rel, 'Colombie-Britannique (province)');
    assert.deepEqual(changedLines(original, saved), { removed: ['    fr: Colombie-Britannique'], added: ['    fr: Colombie-Britannique (province)'] });
    assert.equal(saved.split('\n').length, original.split('\n').length, 'no line added or removed');
    for (const key of ['    note:', '      - valueName:', '        value:', '    area_desc:']) {
      const count = (text) => text.split('\n').filter((l) => l.startsWith(key)).length;
      assert.ok(count(original) > 0 && count(saved) === count(original), `every ${key.trim()} kept`);
    }
    await fs.writeFile(path.join(site, rel), saved);
    const check = diagnostics(site);
    assert.equal(check.code, 0, `redflag check after the taxonomy edit:\n${check.out}`);
    const warnings = check.found.filter((d) => d.file === rel && d.severity !== 'info');
    assert.deepEqual(warnings, [], 'taxonomies.yaml has no warning');
  });

  it('edits one red flag of an existing advisory: after its first save, one line changes', async () => {
    const dir = `content/advisories/${EXISTING}`;
    const languages = ['fr', 'zh-Hans', 'ar'];
    const read = async () => Object.fromEntries(await Promise.all(['', ...languages.map((l) => `.${l}`)].map(async (l) => [l, await readBack(page, `${dir}/index${l}.md`)])));
    const edit = async (nth, text) => {
      // As an editor does: the list, then the advisory (its address in the CMS is its path in
      // the folder without the extension, `#/collections/advisories/entries/<slug>/index`).
      await page.goto(`${server.origin}/admin/#/collections/advisories`);
      await page.getByRole('group', { name: 'Content Editor' }).waitFor({ state: 'detached', ...WAIT });
      await page.getByRole('row', { name: /Virtual kidnapping scam targets international students/ }).click();
      await page.waitForURL(new RegExp(`entries/${EXISTING}/index$`), WAIT);
      // The editor reopens in the languages last shown (French, after the test above).
      await page.getByRole('radiogroup', { name: 'Switch Locale' }).first().getByRole('radio', { name: /English/ }).click();
      const en = page.getByRole('group', { name: /Edit.*English.*Content/ });
      const flags = en.getByRole('group', { name: /Red flags.*Field/ });
      const box = await reveal(page, en, flags.getByRole('textbox').nth(nth));
      await box.fill(text);
      await page.getByRole('button', { name: 'Save' }).click();
      return waitForFile(page, `${dir}/index.md`, text);
    };
    const original = await read();
    await edit(1, 'The call seems to come from police or an embassy. Caller ID can be faked.');
    const first = await read();
    // The example is written as the CMS writes: its first save changes only the edited line.
    assert.deepEqual(changedLines(original[''], first['']), {
      removed: ['  - The call seems to come from police or an embassy. Numbers can be faked.'],
      added: ['  - The call seems to come from police or an embassy. Caller ID can be faked.'],
    });
    for (const l of languages) assert.equal(first[`.${l}`], original[`.${l}`], `index.${l}.md is untouched`);
    for (const l of languages) {
      const digest = original[`.${l}`].match(/^source_digest: .*$/m)?.[0];
      assert.ok(digest, `index.${l}.md has a source_digest`);
      assert.ok(first[`.${l}`].includes(digest), `the CMS kept ${digest} in index.${l}.md:\n${first[`.${l}`]}`);
    }
    assert.doesNotMatch(first[''], /source_digest|status:/, 'index.md carries no translation-only key');

    await edit(2, 'You are told to throw away your phone and your bank cards.');
    const second = await read();
    assert.deepEqual(changedLines(first[''], second['']), {
      removed: ['  - You are told to throw away your phone and credit cards.'],
      added: ['  - You are told to throw away your phone and your bank cards.'],
    });
    assert.equal(first[''].split('\n').length, second[''].split('\n').length);
    for (const l of languages) assert.equal(second[`.${l}`], first[`.${l}`], `index.${l}.md is untouched`);

    // In the site folder: the translations are now stale (their source changed), not unknown.
    for (const [l, text] of Object.entries(second)) await fs.writeFile(path.join(site, dir, `index${l}.md`), text);
    const check = diagnostics(site);
    const codes = check.found.filter((d) => d.file.includes(EXISTING)).map((d) => d.code);
    assert.ok(codes.includes('RF029') && !codes.includes('RF030'), `${check.out}`);
  });

  it('removes an advisory through content/retired.yaml: the form writes an entry redflag accepts and cancels the alert with', async () => {
    // As docs/cms.md tells an editor: the advisory's folder goes, an entry with what its last
    // message was made from (copied from its index.md) goes into Removed advisories.
    const gone = 'police-impersonation-calls-toronto';
    const rel = 'content/retired.yaml';
    await page.goto(`${server.origin}/admin/#/collections/retired/entries/retired`);
    await page.getByRole('button', { name: /Add.*removed advisory/ }).click();
    const pane = page.getByRole('group', { name: /Edit.*Content/ }).first();
    const field = (name) => pane.getByRole('group', { name: new RegExp(`\\b${name}\\b.*Field`) });
    await field('Slug').getByRole('textbox').fill(gone);
    const dates = [['Retired', '2026-12-02'], ['Date', '2025-04-04'], ['Reviewed', '2026-12-02']];
    for (const [name, day] of dates) {
      await (await reveal(page, pane, field(name).locator('input').first())).fill(day);
    }
    await (await reveal(page, pane, pane.getByRole('textbox', { name: 'Title (en)' }))).fill('Scam calls from fraudsters pretending to be Toronto police');
    await (await reveal(page, pane, pane.getByRole('textbox', { name: 'Summary (en)' }))).fill('Callers say they are police officers and demand payment in Bitcoin.');
    await (await reveal(page, pane, field('Regions').getByRole('checkbox', { name: 'Toronto' }))).check();
    await (await reveal(page, pane, field('Scam types').getByRole('checkbox', { name: 'Fake police and officials' }))).check();
    await page.screenshot({ path: path.join(SHOTS, 'cms-retired.png') });
    await page.getByRole('button', { name: 'Save' }).click();
    const saved = await waitForFile(page, rel, gone);
    const entry = [
      `- slug: ${gone}`, '  retired: 2026-12-02', '  date: 2025-04-04', '  reviewed: 2026-12-02',
      '  title:', '    en: Scam calls from fraudsters pretending to be Toronto police',
      '  summary:', '    en: Callers say they are police officers and demand payment in Bitcoin.',
      '  regions:', '    - toronto', '  scam_types:', '    - official-impersonation', '',
    ];
    assert.equal(saved, entry.join('\n'), 'one entry, its keys in the order docs/cap-profiles.md gives');

    await fs.writeFile(path.join(site, rel), saved);
    await fs.rm(path.join(site, 'content/advisories', gone), { recursive: true });
    // `check` names the links to the removed page; the editor unlinks them (keeping the text).
    const first = diagnostics(site);
    const errors = first.found.filter((d) => d.severity === 'error');
    assert.ok(errors.length > 0 && errors.every((d) => d.code === 'RF025' && d.message.includes(`../${gone}/`)), `only links to ${gone} are broken:\n${first.out}`);
    for (const file of new Set(errors.map((d) => d.file))) {
      const text = await fs.readFile(path.join(site, file), 'utf8');
      await fs.writeFile(path.join(site, file), text.replace(new RegExp(`\\[([^\\]]*)\\]\\(\\.\\./${gone}/\\)`, 'g'), '$1'));
    }
    const check = diagnostics(site);
    assert.equal(check.code, 0, `redflag check after removing ${gone}:\n${check.out}\n${saved}`);
    const warnings = check.found.filter((d) => d.file === rel && d.severity !== 'info');
    assert.deepEqual(warnings, [], `retired.yaml has no warning:\n${saved}`);
    const out = await fs.mkdtemp(path.join(os.tmpdir(), 'redflag-cms-retired-'));
    try {
      const built = redflag(['build', '--out', out], site);
      assert.equal(built.code, 0, built.out);
      const cap = await fs.readFile(path.join(out, 'advisories', gone, 'alert.cap.xml'), 'utf8');
      assert.match(cap, /<msgType>Cancel<\/msgType>/);
      assert.match(cap, /<references>[^<]*police-impersonation-calls-toronto\.2025-04-04/);
      await assert.rejects(fs.access(path.join(out, 'advisories', gone, 'index.html')), 'the removed advisory has no page');
    } finally {
      await fs.rm(out, { recursive: true, force: true });
    }
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
