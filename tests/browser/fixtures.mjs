// Tiny hand-written sites for the self-test: a good multilingual site (en, fr, zh-Hans, ar)
// and broken pages added to it, each broken in exactly one way.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

const BASE = 'https://alerts.example.org';

export const LANGS = [
  { tag: 'en', name: 'English', prefix: '', dir: 'ltr' },
  { tag: 'fr', name: 'Français', prefix: 'fr/', dir: 'ltr' },
  { tag: 'zh-Hans', name: '简体中文', prefix: 'zh-hans/', dir: 'ltr' },
  { tag: 'ar', name: 'العربية', prefix: 'ar/', dir: 'rtl' },
];

const T = {
  en: { site: 'Scam Alert', home: 'Current advisories', skip: 'Skip to content', langs: 'Languages',
    flags: 'Red flags', prev: 'How to protect yourself', contacts: 'Who to call',
    title: 'Virtual kidnapping scam targets international students',
    summary: 'Scammers posing as police order students to hide, then demand ransom from their families.',
    f1: 'Someone keeps you on the phone for hours and tells you not to tell anyone.',
    p1: 'Verify any request from officials by calling a number you know to be true.',
    police: 'Calgary Police Service (non-emergency)', read: 'Read the advisory' },
  fr: { site: 'Alerte arnaque', home: 'Alertes en cours', skip: 'Aller au contenu', langs: 'Langues',
    flags: 'Signaux d’alerte', prev: 'Comment vous protéger', contacts: 'Qui appeler',
    title: 'Une arnaque à l’enlèvement virtuel vise les étudiants étrangers',
    summary: 'Des escrocs se faisant passer pour la police ordonnent aux étudiants de se cacher.',
    f1: 'Quelqu’un vous garde au téléphone pendant des heures et vous dit de n’en parler à personne.',
    p1: 'Vérifiez toute demande officielle en appelant un numéro que vous savez exact.',
    police: 'Service de police de Calgary (non urgent)', read: 'Lire l’alerte' },
  'zh-Hans': { site: '诈骗警报', home: '当前警报', skip: '跳到正文', langs: '语言',
    flags: '危险信号', prev: '如何保护自己', contacts: '联系电话',
    title: '虚拟绑架诈骗针对国际学生',
    summary: '骗子冒充警察命令学生躲藏起来，然后向其家人索要赎金。',
    f1: '有人让你连续几个小时不挂电话，并叫你不要告诉任何人。',
    p1: '拨打你确认无误的号码，核实任何来自官方的要求。',
    police: '卡尔加里警察局（非紧急）', read: '阅读警报' },
  ar: { site: 'تنبيه احتيال', home: 'التنبيهات الحالية', skip: 'انتقل إلى المحتوى', langs: 'اللغات',
    flags: 'علامات التحذير', prev: 'كيف تحمي نفسك', contacts: 'بمن تتصل',
    notice: 'هذا التنبيه غير متوفر بلغتك بعد؛ النص التالي بالإنجليزية.', read: 'اقرأ التنبيه' },
};

const CSS = `:root{color:#1a1a1a;background:#fff;font-family:system-ui,"Noto Sans","Noto Sans CJK SC","Noto Sans Arabic",sans-serif;line-height:1.5}
body{margin:0 auto;max-width:48rem;padding:0 1rem}
a{color:#0b4f9c}
.skip:not(:focus){position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
header,footer{padding:.5rem 0;border-bottom:1px solid #767676}
nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:1rem}
.severity{background:#9b1c1c;color:#fff;padding:.1rem .4rem}
.notice{border:2px solid #8a5a00;padding:.5rem}
#red-flags{border-inline-start:6px solid #9b1c1c;padding-inline-start:1rem}
@media print{nav,.skip{display:none}}
`;

function alternates(rel) {
  return LANGS.map((l) => `<link rel="alternate" hreflang="${l.tag}" href="${BASE}/${l.prefix}${rel}">`).join('\n')
    + `\n<link rel="alternate" hreflang="x-default" href="${BASE}/${rel}">`;
}

function switcher(cur, rel) {
  const items = LANGS.map((l) => l.tag === cur.tag
    ? `<li><span lang="${l.tag}" dir="${l.dir}" aria-current="true">${l.name}</span></li>`
    : `<li><a href="/${l.prefix}${rel}" hreflang="${l.tag}" lang="${l.tag}" dir="${l.dir}">${l.name}</a></li>`).join('');
  return `<nav aria-label="${T[cur.tag].langs}"><ul>${items}</ul></nav>`;
}

export function page(l, rel, title, main, { head = '', htmlAttrs = null, body = '' } = {}) {
  const t = T[l.tag];
  const attrs = htmlAttrs ?? `lang="${l.tag}" dir="${l.dir}"`;
  return `<!DOCTYPE html>
<html ${attrs}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/static/style.css">
<link rel="canonical" href="${BASE}/${l.prefix}${rel}">
${alternates(rel)}
${head}</head>
<body>
<a class="skip" href="#main">${t.skip}</a>
<header><p><a href="/${l.prefix}">${t.site}</a></p>${switcher(l, rel)}</header>
<main id="main">
${main}
</main>
<footer><p>${t.site}</p></footer>
${body}</body>
</html>
`;
}

function advisoryMain(l) {
  const en = T.en;
  const t = T[l.tag];
  const fb = !t.title; // no translation: English text carries its own lang
  const src = fb ? en : t;
  const wrap = (tag, s, extra = '') => fb ? `<${tag} lang="en" dir="ltr"${extra}>${s}</${tag}>` : `<${tag}${extra}>${s}</${tag}>`;
  return `${fb ? `<p class="notice">${t.notice}</p>` : ''}
${wrap('h1', src.title)}
${wrap('p', src.summary)}
<p><span class="severity">High</span></p>
<section id="red-flags" aria-labelledby="h-flags"><h2 id="h-flags">${t.flags}</h2>
<ul${fb ? ' lang="en" dir="ltr"' : ''}><li>${src.f1}</li></ul></section>
<section id="prevention" aria-labelledby="h-prev"><h2 id="h-prev">${t.prev}</h2>
<ul${fb ? ' lang="en" dir="ltr"' : ''}><li>${src.p1}</li></ul></section>
<section id="contacts" aria-labelledby="h-contacts"><h2 id="h-contacts">${t.contacts}</h2>
<ul><li>${wrap('span', src.police)}: <a href="tel:+14032661234"><bdi>+1 403-266-1234</bdi></a></li></ul></section>`;
}

function homeMain(l) {
  const t = T[l.tag];
  const src = t.title ? t : T.en;
  const lang = t.title ? '' : ' lang="en" dir="ltr"';
  return `<h1>${t.home}</h1>
<ul><li><a href="/${l.prefix}advisories/virtual-kidnapping-calgary/"${lang}>${src.title}</a></li></ul>`;
}

async function put(dir, rel, text) {
  const f = path.join(dir, rel);
  await mkdir(path.dirname(f), { recursive: true });
  await writeFile(f, text);
}

/** Writes the good sample site into dir. */
export async function writeGoodSite(dir) {
  await put(dir, 'static/style.css', CSS);
  for (const l of LANGS) {
    await put(dir, `${l.prefix}index.html`, page(l, '', T[l.tag].site, homeMain(l)));
    const rel = 'advisories/virtual-kidnapping-calgary/';
    const title = T[l.tag].title ?? T.en.title;
    await put(dir, `${l.prefix}${rel}index.html`, page(l, rel, title, advisoryMain(l)));
  }
}

/**
 * Writes the good site plus one broken page per rule; returns the list of
 * expectations { page, check, rule } the checker must report.
 */
export async function writeBrokenSite(dir) {
  await writeGoodSite(dir);
  const [en, , zh, ar] = LANGS;
  const adv = (l, slug, main, opts) => put(dir, `${l.prefix}advisories/${slug}/index.html`,
    page(l, `advisories/${slug}/`, slug, main ?? advisoryMain(l), opts));
  const expect = [];

  await adv(en, 'missing-alt', advisoryMain(en) + '\n<img src="/static/x.png" width="10" height="10">');
  await put(dir, 'static/x.png', Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6360f8cf00000301010018dd8db00000000049454e44ae426082', 'hex'));
  expect.push({ page: 'advisories/missing-alt/index.html', check: 'axe', rule: 'image-alt', width: 320 });
  expect.push({ page: 'advisories/missing-alt/index.html', check: 'axe', rule: 'image-alt', width: 1280 });
  expect.push({ page: 'advisories/missing-alt/index.html', check: 'html', rule: 'alt' });

  await adv(en, 'missing-lang', null, { htmlAttrs: 'dir="ltr"' });
  expect.push({ page: 'advisories/missing-lang/index.html', check: 'axe', rule: 'html-has-lang' });
  expect.push({ page: 'advisories/missing-lang/index.html', check: 'lang', rule: 'html-lang' });

  await adv(en, 'external-css', null, { head: '<link rel="stylesheet" href="https://cdn.example.com/x.css">\n' });
  expect.push({ page: 'advisories/external-css/index.html', check: 'requests', rule: 'cdn.example.com' });

  await adv(en, 'chinese-in-en', advisoryMain(en) + '\n<p>请立即报警。</p>');
  expect.push({ page: 'advisories/chinese-in-en/index.html', check: 'lang', rule: 'han-text-lang' });

  await adv(zh, 'english-fallback', advisoryMain(zh) + `\n<p>${T.en.summary}</p>`);
  expect.push({ page: 'zh-hans/advisories/english-fallback/index.html', check: 'lang', rule: 'untagged-latin-text' });

  await adv(ar, 'no-rtl', null, { htmlAttrs: 'lang="ar"' });
  expect.push({ page: 'ar/advisories/no-rtl/index.html', check: 'lang', rule: 'html-dir' });

  await adv(en, 'js-only', `<h1>${T.en.title}</h1>
<section id="red-flags" aria-labelledby="h-flags"><h2 id="h-flags">Red flags</h2><ul id="rf"></ul></section>
<section id="prevention" aria-labelledby="h-prev"><h2 id="h-prev">Prevention</h2><ul><li>${T.en.p1}</li></ul></section>
<section id="contacts" aria-labelledby="h-contacts"><h2 id="h-contacts">Contacts</h2><ul><li>Police: <a href="tel:+14032661234"><bdi>+1 403-266-1234</bdi></a></li></ul></section>
<script>document.getElementById('rf').innerHTML = '<li>${T.en.f1.replace(/'/g, "\\'")}</li>';</script>`);
  expect.push({ page: 'advisories/js-only/index.html', check: 'nojs', rule: '#red-flags li' });

  await adv(en, 'heavy', advisoryMain(en) + `\n<p>${'Stay safe. '.repeat(6000)}</p>`);
  expect.push({ page: 'advisories/heavy/index.html', check: 'weight', rule: 'page-weight' });

  await adv(en, 'too-wide', advisoryMain(en) + '\n<div style="width:600px">Wide box</div>');
  expect.push({ page: 'advisories/too-wide/index.html', check: 'axe', rule: 'reflow', width: 320 });

  return expect;
}
