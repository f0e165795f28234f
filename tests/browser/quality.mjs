// Browser quality gate for a built site (node --test tests/browser/quality.mjs [SITE_DIR]).
// Site directory: SITE_DIR, else the first non-option argument, else public/.
// Screenshots: SCREENSHOT_DIR, else target/screenshots/ (relative to the repository root).
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { formatFailure, REPO_ROOT, runQualityGate, weightTable } from './checks.mjs';

const argDir = process.argv.slice(2).find((a) => !a.startsWith('-') && !a.endsWith('.mjs'));
const siteDir = path.resolve(process.env.SITE_DIR || argDir || path.join(REPO_ROOT, 'public'));
const screenshotDir = path.resolve(process.env.SCREENSHOT_DIR || path.join(REPO_ROOT, 'target', 'screenshots'));

describe(`quality gate: ${path.relative(process.cwd(), siteDir) || '.'}`, () => {
  let run;
  before(async () => {
    run = await runQualityGate(siteDir, { screenshotDir });
    const { site, timings } = run;
    console.log(`languages: ${site.languages.map((l) => `${l.tag}${l.prefix ? ` (/${l.prefix}/)` : ' (/)'}${l.rtl ? ' rtl' : ''}`).join(', ')}`);
    console.log(`pages: ${site.pages.length} HTML files, ${site.pages.filter((p) => p.kind === 'advisory').length} advisory pages`);
    console.log(`time: browser ${(timings.browser / 1000).toFixed(1)} s, HTML checker ${(timings.vnu / 1000).toFixed(1)} s, total ${(timings.total / 1000).toFixed(1)} s`);
    if (run.failures.length) {
      console.log(`\n${run.failures.length} failure(s):\n${run.failures.map(formatFailure).join('\n')}\n`);
    }
  });
  after(() => {});

  const only = (pred) => run.failures.filter(pred);
  const ok = (list, what) => assert.ok(list.length === 0, `${list.length} ${what} failure(s):\n${list.map(formatFailure).join('\n')}`);

  it('finds pages in every language', () => {
    assert.ok(run.site.pages.length > 0, 'no HTML page found');
    for (const l of run.site.languages) {
      assert.ok(run.site.pages.some((p) => p.lang === l.tag), `no page for language ${l.tag}`);
    }
  });
  it('1. HTML is valid (Nu Html Checker, errors only)', () => ok(only((f) => f.check === 'html'), 'HTML'));
  it('2. accessibility: no axe violation (WCAG 2.2 AA) at 1280 px and 320 px', () => ok(only((f) => f.check === 'axe'), 'axe'));
  it('3. no request to any other host', () => ok(only((f) => f.check === 'requests' || f.check === 'load'), 'request'));
  it('4. advisory pages work without JavaScript', () => ok(only((f) => f.check === 'nojs'), 'no-JavaScript'));
  it('5. language: html lang/dir and lang on foreign text', () => ok(only((f) => f.check === 'lang'), 'language'));
  it('6. advisory page weight: HTML + CSS <= 60 KB', () => {
    console.log(`\npage weight (uncompressed):\n${weightTable(run.weights)}\n`);
    ok(only((f) => f.check === 'weight'), 'page-weight');
  });
  it('7. screenshots written', () => {
    console.log(`screenshots: ${run.screenshots.map((s) => path.relative(process.cwd(), s)).join(', ')}`);
    assert.ok(run.screenshots.length > 0, 'no screenshot written');
  });
});
