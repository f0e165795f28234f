// The pages of paginated listings through the quality gate (node --test tests/browser/pagination.mjs).
// The example site has fewer advisories than `paginate_by`, so its own build has no page 2: this
// builds a copy of it with `paginate_by = 1` (and without posters and share images, which the
// gate does not read), with the binary started inside the copy's folder, then runs the gate's
// checks (Nu Html Checker, axe at 1280 and 320 px, requests, language) on every page of every
// paginated listing: the home page and the taxonomy terms, in every language.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { formatFailure, REDFLAG_BIN, REPO_ROOT, runQualityGate } from './checks.mjs';

/**
 * `site.toml` without its `[posters]` table and without share images (`[share]` keeps only the
 * texts): nothing is typeset, as the gate reads only the pages.
 */
function withoutTypesetting(toml) {
  let inside = false;
  let kept = toml.split('\n').filter((line) => {
    if (line.trimStart().startsWith('[')) inside = line.trimStart().startsWith('[posters]');
    return !inside;
  }).join('\n');
  for (const key of ['cards', 'slides', 'screens']) {
    assert.ok(kept.includes(`\n${key} = true\n`), `the example's [share] no longer has \`${key} = true\``);
    kept = kept.replace(`\n${key} = true\n`, `\n${key} = false\n`);
  }
  return kept;
}

describe('quality gate on paginated listings', () => {
  let dir, run;

  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'redflag-pages-'));
    const config = await fs.readFile(path.join(REPO_ROOT, 'site.toml'), 'utf8');
    await fs.writeFile(path.join(dir, 'site.toml'), `paginate_by = 1\n${withoutTypesetting(config)}`);
    await fs.cp(path.join(REPO_ROOT, 'content'), path.join(dir, 'content'), { recursive: true });
    const built = spawnSync(REDFLAG_BIN, ['build'], { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    assert.equal(built.status, 0, `the paginated copy did not build:\n${built.stderr}`);
    // A listing's first page is its folder's index.html; the others are under page/N/.
    const paginated = new Set();
    const out = path.join(dir, 'public');
    for (const file of await fs.readdir(out, { recursive: true })) {
      const m = /^(.*?)page\/\d+\/index\.html$/.exec(file.split(path.sep).join('/'));
      if (m) paginated.add(m[1]);
    }
    run = await runQualityGate(out, {
      only: (page) => [...paginated].some((listing) => page.file === `${listing}index.html`
        || page.file.startsWith(`${listing}page/`)),
    });
  });

  after(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('checks the pages of the home page and of the taxonomy terms in every language', () => {
    const pages = run.site.pages.map((p) => p.file);
    for (const lang of run.site.languages) {
      const folder = lang.prefix ? `${lang.prefix}/` : '';
      for (const file of [`${folder}index.html`, `${folder}page/2/index.html`, `${folder}page/3/index.html`]) {
        assert.ok(pages.includes(file), `${file} is not checked (checked: ${pages.join(', ')})`);
      }
    }
    assert.ok(pages.some((p) => /(scam-types|audiences|regions)\/[^/]+\/page\/2\/index\.html$/.test(p)),
      `no page 2 of a taxonomy term: ${pages.join(', ')}`);
  });

  it('finds no failure (HTML validity, axe, requests, language) on any of them', () => {
    assert.deepEqual(run.failures.map(formatFailure), []);
  });
});
