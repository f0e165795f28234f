// Site search in headless Chromium (node --test tests/browser/search.mjs [SITE_DIR]).
// Types queries into each language's search page (the self-hosted Pagefind UI) and checks the
// results: the right advisory, in the page's language, once; nothing from another host; axe
// clean with results shown; the <noscript> listings without JavaScript. Each test opens its own
// tab and waits on what the page shows, never on a clock.
// Site directory: SITE_DIR, else the first non-option argument, else public/.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AXE_JS, AXE_TAGS, discoverSite, launchBrowser, REPO_ROOT, searchResults, startServer, WIDTHS } from './checks.mjs';

const argDir = process.argv.slice(2).find((a) => !a.startsWith('-') && !a.endsWith('.mjs'));
const siteDir = path.resolve(process.env.SITE_DIR || argDir || path.join(REPO_ROOT, 'public'));

describe(`search: ${path.relative(process.cwd(), siteDir) || '.'}`, () => {
  let site;
  let server;
  let browser;

  before(async () => {
    site = await discoverSite(siteDir);
    server = await startServer(site.siteDir, site.basePath);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const searchUrl = (tag) => {
    const lang = site.languages.find((l) => l.tag === tag);
    assert.ok(lang, `the site has no language ${tag}`);
    return `${server.origin}${site.basePath}${lang.prefix ? `${lang.prefix}/` : ''}search/`;
  };

  /**
   * Runs `use(tab)` in a tab of its own with requests to other hosts blocked, then checks that
   * it made none: every test sets up what it needs and checks this itself.
   */
  async function withTab(use, javaScriptEnabled = true) {
    const external = [];
    const ctx = await browser.newContext({ javaScriptEnabled, serviceWorkers: 'block' });
    await ctx.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).host === server.host) return route.continue();
      external.push(url);
      return route.abort('blockedbyclient');
    });
    try {
      await use(await ctx.newPage());
    } finally {
      await ctx.close();
    }
    assert.deepEqual([...new Set(external)], [], 'requests to another host');
  }

  /** Searches `query` on the search page of `tag`; resolves to the result URLs (paths). */
  async function search(tab, tag, query) {
    const resp = await tab.goto(searchUrl(tag), { waitUntil: 'load' });
    assert.equal(resp.status(), 200, `GET ${searchUrl(tag)}`);
    const hrefs = await searchResults(tab, query);
    return hrefs.map((h) => new URL(h, server.origin).pathname);
  }

  const cases = [
    { tag: 'zh-Hans', query: '绑架', slug: 'virtual-kidnapping-calgary' },
    { tag: 'en', query: 'ransom', slug: 'virtual-kidnapping-calgary' },
    { tag: 'en', query: 'kidnapping', slug: 'virtual-kidnapping-calgary' },
    { tag: 'fr', query: 'rançon', slug: 'virtual-kidnapping-calgary' },
  ];
  for (const c of cases) {
    it(`finds the ${c.slug} advisory searching the ${c.tag} site for "${c.query}"`, async () => {
      await withTab(async (tab) => {
        const results = await search(tab, c.tag, c.query);
        const lang = site.languages.find((l) => l.tag === c.tag);
        const expected = `${site.basePath}${lang.prefix ? `${lang.prefix}/` : ''}advisories/${c.slug}/`;
        assert.ok(results.includes(expected), `no result ${expected} among ${JSON.stringify(results)}`);
        assert.equal(new Set(results).size, results.length, `a page is found twice: ${results}`);
        for (const r of results) {
          const page = site.pages.find((p) => p.url === r);
          assert.equal(page?.lang, c.tag, `result ${r} is not a ${c.tag} page`);
        }
      });
    });
  }

  it('does not index untranslated fallback copies', async () => {
    // "investigation" is in the English text of an advisory with no French translation: its
    // French page shows the English text, which must not be found from the French search page.
    await withTab(async (tab) => {
      assert.deepEqual(await search(tab, 'fr', 'investigation'), []);
      const en = await search(tab, 'en', 'investigation');
      assert.ok(en.includes(`${site.basePath}advisories/fake-chinese-police-video-calls/`), `English results: ${en}`);
    });
  });

  it('shows results without axe violations (WCAG 2.2 AA) at 1280 and 320 px', async () => {
    const axeSource = await readFile(AXE_JS, 'utf8');
    await withTab(async (tab) => {
      for (const c of cases.slice(0, 2)) {
        await search(tab, c.tag, c.query);
        await tab.evaluate(axeSource);
        for (const width of WIDTHS) {
          await tab.setViewportSize({ width, height: 900 });
          const result = await tab.evaluate((tags) => window.axe.run(document, {
            runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'],
          }), AXE_TAGS);
          const found = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
          assert.deepEqual(found, [], `${c.tag} @${width}px`);
        }
      }
    });
  });

  it('offers the listings without JavaScript', async () => {
    await withTab(async (tab) => {
      await tab.goto(searchUrl('en'), { waitUntil: 'load' });
      const links = tab.locator('.search-listings a');
      assert.ok((await links.count()) > 0, 'no listing links in <noscript>');
      assert.ok(await links.first().isVisible(), 'the <noscript> listings are not visible');
    }, false);
  });

  it('searches in every language without a request to another host', async () => {
    await withTab(async (tab) => {
      const queries = { en: 'ransom', fr: 'rançon', 'zh-Hans': '绑架', ar: 'احتيال' };
      for (const [tag, query] of Object.entries(queries)) {
        const results = await search(tab, tag, query);
        assert.ok(results.length > 0, `${tag}: nothing found for "${query}"`);
      }
    });
  });
});
