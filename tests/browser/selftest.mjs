// Self-test of the quality gate: a small good site must pass, and pages broken on purpose
// must each be reported with the page and the rule (node --test tests/browser/selftest.mjs).
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { formatFailure, parseAlternates, runQualityGate, startServer } from './checks.mjs';
import { writeBrokenSite } from './fixtures.mjs';

const matches = (f, e) => f.page === e.page && f.check === e.check
  && formatFailure(f).includes(e.rule) && (e.width === undefined || f.width === e.width);

describe('quality gate self-test', () => {
  let tmp;
  let run;
  let expected;
  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'redflag-qa-'));
    const site = path.join(tmp, 'site');
    await mkdir(site);
    expected = await writeBrokenSite(site);
    run = await runQualityGate(site, { screenshotDir: path.join(tmp, 'shots') });
  });
  after(async () => { if (tmp) await rm(tmp, { recursive: true, force: true }); });

  it('reports every page broken on purpose, naming the page and the rule', () => {
    const missing = expected.filter((e) => !run.failures.some((f) => matches(f, e)));
    assert.deepEqual(missing, [], `not reported:\n${missing.map((e) => JSON.stringify(e)).join('\n')}\n`
      + `reported:\n${run.failures.map(formatFailure).join('\n')}`);
  });

  it('reports nothing on the good pages', () => {
    const brokenPages = new Set(expected.map((e) => e.page));
    const spurious = run.failures.filter((f) => !brokenPages.has(f.page));
    assert.deepEqual(spurious.map(formatFailure), []);
  });

  it('writes the screenshots of en, zh-Hans and ar', () => {
    const names = run.screenshots.map((s) => path.basename(s)).sort();
    for (const l of ['en', 'zh-Hans', 'ar']) {
      for (const w of [1280, 320]) {
        assert.ok(names.includes(`${l}-home-${w}.png`), `${l}-home-${w}.png missing (${names})`);
        assert.ok(names.includes(`${l}-advisory-${w}.png`), `${l}-advisory-${w}.png missing (${names})`);
      }
    }
  });

  it('formats failures as "page @width: check rule: message"', () => {
    const f = run.failures.find((x) => x.check === 'axe' && x.rule.startsWith('image-alt'));
    assert.match(formatFailure(f), /^advisories\/missing-alt\/index\.html @\d+px: axe image-alt \(critical\): /);
  });

  it('static server: content types, 404, no escape from the site directory', async () => {
    const server = await startServer(path.join(tmp, 'site'), '/');
    const get = (p) => new Promise((resolve, reject) => {
      http.get(server.origin + p, (res) => { res.resume(); resolve(res); }).on('error', reject);
    });
    try {
      assert.match((await get('/static/style.css')).headers['content-type'], /^text\/css/);
      assert.match((await get('/')).headers['content-type'], /^text\/html/);
      assert.equal((await get('/fr')).statusCode, 301);
      assert.equal((await get('/nope.html')).statusCode, 404);
      assert.notEqual((await get('/../../etc/passwd')).statusCode, 200);
      assert.notEqual((await get('/%2e%2e/%2e%2e/etc/passwd')).statusCode, 200);
    } finally {
      await server.close();
    }
  });

  it('parses hreflang alternates', () => {
    const alts = parseAlternates('<link rel="alternate" hreflang="zh-Hans" href="https://x.org/zh-hans/"><link href=/a.css rel=stylesheet>');
    assert.deepEqual(alts, [{ hreflang: 'zh-Hans', href: 'https://x.org/zh-hans/' }]);
  });
});
