// Every first page in every language, in a real browser (Debian's Chromium driven by playwright-core):
// at 320 px wide nothing scrolls sideways, the direction is right, the Content-Security-Policy blocks
// nothing of our own (so the inline CSS applies), and no request leaves the server's origin.
//   node tests/browser/pages.mjs AMPARO_BINARY SOURCE_DIR [SCREENSHOT_DIR]
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const [amparo, src, shots] = process.argv.slice(2);
const require = createRequire(join(src, 'tests/tools/package.json'));
const { chromium } = require('playwright-core');

const langs = { en: 'ltr', es: 'ltr', ht: 'ltr', pt: 'ltr', fr: 'ltr', prs: 'rtl', ps: 'rtl', ar: 'rtl',
                ru: 'ltr', zh: 'ltr', tr: 'ltr' };
// The guide's articles, as content/guide.yaml lists them.
const slugs = [...readFileSync(join(src, 'content/guide.yaml'), 'utf8').matchAll(/^  - ([a-z0-9-]+)$/gm)]
  .map((m) => m[1]);
const pages = ['', 'about', 'languages', 'no-such-page', 'guide/', ...slugs.map((s) => 'guide/' + s),
               // The help finder: the form, results with a map, an organization, a facility, lists.
               'help', 'help?q=abogado&near=Tijuana', 'help?service=legal&near=El+Paso', 'hotlines',
               'facilities', 'facilities?state=TX', 'facility/OTRPCNM',
               'org/eoir-org-florence-immigrant-and-refugee-rights-project'];

const tmp = mkdtempSync(join(tmpdir(), 'amparo-browser-'));
const server = spawn(amparo, ['serve', '--db', join(tmp, 'a.db'), '--listen', '127.0.0.1:0', '--home', src,
                              '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] });
const port = await new Promise((resolve, reject) => {
  let log = '';
  server.stderr.on('data', (d) => {
    log += d;
    const m = log.match(/serving http:\/\/127\.0\.0\.1:(\d+)\//);
    if (m) resolve(m[1]);
  });
  server.on('exit', (code) => reject(new Error(`amparo exited (${code}): ${log}`)));
  setTimeout(() => reject(new Error('amparo did not start: ' + log)), 60000);
});
const origin = `http://127.0.0.1:${port}`;

const failures = [];
let checked = 0;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
try {
  const context = await browser.newContext({ viewport: { width: 320, height: 640 }, javaScriptEnabled: false });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) problems.push('request to ' + r.url()); });
  for (const [lang, dir] of Object.entries(langs)) {
    for (const slug of pages) {
      problems.length = 0;
      const url = `${origin}/${lang}/${slug}`;
      await page.goto(url);
      // JavaScript is off in the page, as for many of our readers; measure from the automation side.
      const m = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        dir: document.documentElement.dir,
        font: getComputedStyle(document.body).fontFamily,
      }));
      if (m.scroll > 320) problems.push(`scrolls sideways: ${m.scroll}px wide at 320px`);
      if (m.dir !== dir) problems.push(`dir="${m.dir}", expected ${dir}`);
      if (!m.font.includes('system-ui')) problems.push('the inline stylesheet did not apply (blocked by CSP?)');
      if (shots && ['', 'about', 'guide/', 'guide/credible-fear-interview', 'guide/cbp-one'].includes(slug)) {
        mkdirSync(shots, { recursive: true });
        const name = (slug || 'home').replace(/\//g, '-').replace(/-$/, '');
        await page.screenshot({ path: join(shots, `${lang}-${name}-320.png`), fullPage: true });
      }
      for (const p of problems) {
        // The not-found page reports its own 404 status in the console; that is the page working.
        if (slug === 'no-such-page' && p.includes('status of 404')) continue;
        failures.push(`${url}: ${p}`);
      }
      checked++;
    }
  }
  // Print: no navigation, and links show where they go.
  {
    const url = `${origin}/en/guide/credible-fear-interview`;
    await page.goto(url);
    await page.emulateMedia({ media: 'print' });
    const p = await page.evaluate(() => ({
      nav: getComputedStyle(document.querySelector('header nav')).display,
      langs: getComputedStyle(document.querySelector('ul.langs')).display,
      after: getComputedStyle(document.querySelector('ol.sources a'), '::after').content,
    }));
    if (p.nav !== 'none' || p.langs !== 'none') failures.push(`${url}: print shows the navigation`);
    if (!p.after.includes('https://')) failures.push(`${url}: print does not show where links go`);
    await page.emulateMedia({ media: 'screen' });
    checked++;
  }
} finally {
  await browser.close();
  server.kill('SIGTERM');
  rmSync(tmp, { recursive: true, force: true });
}
for (const f of failures) console.log('FAIL ' + f);
console.log(`${checked - new Set(failures.map((f) => f.split(': ')[0])).size} passed, ${new Set(failures.map((f) => f.split(': ')[0])).size} failed`);
process.exit(failures.length ? 1 : 0);
