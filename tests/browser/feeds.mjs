// Every JSON Feed of a built site read by an independent parser (node --test tests/browser/feeds.mjs [SITE_DIR]):
// feedsmith, a JSON Feed reader of its own (pinned in package.json), beside the JSON Schema the
// Rust tests check (tests/schemas/, our own reading of the specification). What the parser reads
// must be what the site shows: the feed's language is its folder's, every item is an advisory page
// that exists in that folder, ids are unique, dates are RFC 3339 and newest first, and the feed
// lists as many advisories as the site has (up to its limit of 50).
// Site directory: SITE_DIR, else the first non-option argument, else public/.
import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { parseJsonFeed } from 'feedsmith';
import { discoverSite, REPO_ROOT } from './checks.mjs';

const argDir = process.argv.slice(2).find((a) => !a.startsWith('-') && !a.endsWith('.mjs'));
const siteDir = path.resolve(process.env.SITE_DIR || argDir || path.join(REPO_ROOT, 'public'));
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const FEED_LIMIT = 50;

describe(`JSON Feed, read by feedsmith: ${path.relative(process.cwd(), siteDir) || '.'}`, () => {
  let site;

  before(async () => {
    site = await discoverSite(siteDir);
  });

  it('reads the feed of every language as JSON Feed 1.1 with its items', async () => {
    const advisorySlugs = new Set(site.pages.filter((p) => p.kind === 'advisory').map((p) => p.slug));
    assert.ok(advisorySlugs.size > 0, 'the site has no advisory');
    for (const lang of site.languages) {
      const folder = lang.prefix ? `${lang.prefix}/` : '';
      const file = path.join(siteDir, folder, 'feed.json');
      const text = await readFile(file, 'utf8');
      assert.equal(JSON.parse(text).version, 'https://jsonfeed.org/version/1.1', `${folder}feed.json: version`);
      const feed = parseJsonFeed(text);
      const where = `${folder}feed.json`;
      assert.ok(feed.title, `${where}: no title`);
      assert.equal(feed.language, lang.tag, `${where}: language`);
      assert.ok(feed.feed_url?.endsWith(`${site.basePath}${folder}feed.json`), `${where}: feed_url ${feed.feed_url}`);
      assert.ok(feed.authors?.length > 0 && feed.authors.every((a) => a.name), `${where}: authors`);
      const items = feed.items ?? [];
      assert.equal(items.length, Math.min(advisorySlugs.size, FEED_LIMIT), `${where}: one item per advisory`);
      assert.equal(new Set(items.map((i) => i.id)).size, items.length, `${where}: ids are unique`);
      const dates = [];
      for (const item of items) {
        assert.ok(item.id && item.title && item.content_html, `${where}: ${item.id}: id, title and content_html`);
        const url = new URL(item.url);
        const page = url.pathname.slice(site.basePath.length);
        assert.ok(page.startsWith(`${folder}advisories/`), `${where}: ${item.url} is not an advisory of this language`);
        assert.ok((await stat(path.join(siteDir, page, 'index.html'))).isFile(), `${where}: ${item.url} has no page`);
        assert.match(item.date_published, RFC3339, `${where}: ${item.id}: date_published`);
        dates.push(Date.parse(item.date_published));
      }
      const newestFirst = [...dates].sort((a, b) => b - a);
      assert.deepEqual(dates, newestFirst, `${where}: items newest first`);
    }
  });
});
