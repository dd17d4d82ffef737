// Dossiers in print (issue 26): the file `briefings dossier` writes and
// the site's dossier page, printed to PDF by Chromium and read back with
// pdftotext (poppler-utils): the cover alone on its page, each briefing
// starting a page, a running header with the dossier's title (and its
// marking) on every page, no heading left at the foot of a page; the
// file needs nothing from outside itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bin, build, launch, repo, tempDir } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(() => browser?.close());

const tmp = tempDir('briefings-dossier-');

// dossierFile runs `briefings dossier` on the site in source and returns
// the file it wrote.
function dossierFile(source, name, ...flags) {
  const out = join(tmp, `${name.replace(/\W+/g, '-')}-${Math.random().toString(36).slice(2)}.html`);
  execFileSync(bin(), ['dossier', name, '-s', source, '-o', out, ...flags], { stdio: ['ignore', 'ignore', 'inherit'] });
  return out;
}

// printed opens url in Chromium, prints it to an A4 PDF and returns the
// text of each page (pdftotext), and the requests the page made.
async function printed(url, { colorScheme = 'light' } = {}) {
  const page = await browser.newPage({ colorScheme });
  const requests = [];
  page.on('request', r => requests.push(r.url()));
  await page.goto(url);
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  await page.close();
  const file = join(tmp, `p-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  return { pages: text.split('\f').filter(p => p.trim() !== ''), requests };
}

// lines returns a page's non-empty lines, trimmed.
const lines = page => page.split('\n').map(l => l.trim()).filter(Boolean);

// checkPrint asserts what every printed dossier must do.
function checkPrint(pages, { title, briefings, marking, headings }) {
  assert.ok(pages.length >= briefings.length + 2, `${pages.length} pages for a cover, contents and ${briefings.length} briefings`);
  for (const [i, page] of pages.entries()) {
    const l = lines(page);
    assert.ok(l[0].includes(`Dossier: ${title}`), `page ${i + 1} has the running header: ${l[0]}`);
    let top = 1, foot = 1;
    if (marking) {
      // In the page's margins: the first two lines and the last two.
      assert.ok(l.slice(0, 2).some(x => x.includes(marking)), `page ${i + 1} carries ${marking} at the top: ${l.slice(0, 2)}`);
      assert.ok(l.slice(-2).some(x => x.includes(marking)), `page ${i + 1} carries ${marking} at the bottom: ${l.slice(-2)}`);
      top = l[1].trim() === marking ? 2 : 1;
      foot = 2;
    }
    // The page's number follows the site's name in the footer, clear
    // of the marking's box in the bottom right corner.
    assert.ok(l.slice(-2).some(x => x.includes(`· ${i + 1} / ${pages.length}`)), `page ${i + 1} is numbered in its footer: ${l.slice(-2)}`);
    // The last line of the page's text, above the footer, is no
    // heading.
    const body = l.slice(top, -foot);
    const last = body.at(-1) || '';
    for (const h of headings) assert.notEqual(last, h, `page ${i + 1} ends with the heading "${h}"`);
  }
  // Each briefing begins a page: "Briefing N of M" is the first line
  // under the running header (the first under the section's heading, on
  // the page that opens the section), and its title follows.
  for (const [i, t] of briefings.entries()) {
    const start = pages.findIndex(p => lines(p).slice(1, 4).some(l => l.toLowerCase().startsWith(`briefing ${i + 1} of ${briefings.length}`)));
    assert.ok(start >= 0, `briefing ${i + 1} (${t}) starts a page`);
    assert.ok(lines(pages[start]).slice(1, 7).join(' ').replace(/\s+/g, ' ').includes(t.slice(0, 30)), `its title is at the top of the page`);
  }
  assert.ok(lines(pages[0]).join(' ').includes(title), 'the cover names it');
}

test('briefings dossier writes one file that prints, needing nothing else', async () => {
  const file = dossierFile(repo, 'Ukraine');
  const html = readFileSync(file, 'utf8');
  assert.ok(!/<link[^>]+stylesheet/.test(html), 'no style sheet linked');
  assert.ok(html.includes('<style>'), 'the style sheet is inside');
  assert.ok(!/<script/.test(html), 'no script');
  assert.ok(/src="data:image\/svg\+xml;base64,/.test(html), 'the bundle image is inside');
  const { pages, requests } = await printed(pathToFileURL(file).href, { colorScheme: 'dark' });
  assert.deepEqual(requests.filter(u => !u.startsWith('file:') && !u.startsWith('data:')), [], 'nothing fetched from elsewhere');
  assert.deepEqual(requests.filter(u => u.startsWith('file:') && u !== pathToFileURL(file).href), [], 'no other file read');
  const titles = [
    "Britain unveils a new", 'Hegseth tells Ukraine', 'Trump and Putin discuss peace talks over Ukraine', 'Ukraine’s road to NATO',
  ];
  checkPrint(pages, { title: 'Ukraine', briefings: titles, headings: ['Contents', 'Timeline', 'Briefings', 'Sources', 'About Ukraine', 'What is in the package'] });
  const text = pages.join('\n');
  assert.ok(/Sources[\s\S]*1\.\s+UPI/.test(text), 'a numbered list of sources');
  assert.ok(/Covers\s+12 February 2025/.test(text), 'the cover says the dates it covers');
});

test('the site’s dossier page prints the same way', async () => {
  const dest = build();
  const { pages } = await printed(pathToFileURL(join(dest, 'people/vladimir-putin/dossier.html')).href);
  checkPrint(pages, {
    title: 'Vladimir Putin',
    briefings: ['Hegseth tells Ukraine', 'Trump and Putin discuss peace talks over Ukraine', 'Ukraine’s road to NATO'],
    headings: ['Contents', 'Timeline', 'Briefings', 'Sources', 'About Vladimir Putin'],
  });
});

test('a marked dossier carries its highest marking on every printed page, and --from and --to bound it', async () => {
  const source = tempDir('briefings-src-');
  const note = (path, fm, body) => writeFileSync(join(source, path), `+++\n${fm}\n+++\n${body}\n`);
  execFileSync('mkdir', ['-p', join(source, 'content/briefings'), join(source, 'content/people')]);
  writeFileSync(join(source, 'site.toml'), 'title = "Desk"\ndefault_tlp = "CLEAR"\naudience = "AMBER"\n');
  note('content/people/ana-lima.md', 'name = "Ana Lima"', 'Ana Lima is an envoy.');
  for (const [i, tlp] of ['CLEAR', 'AMBER', 'GREEN', 'RED'].entries()) {
    const para = `Ana Lima met the delegation on day ${i + 1}. `.repeat(40);
    note(`content/briefings/day-${i + 1}.md`, `title = "Day ${i + 1} of the talks"\ndate = 2025-03-0${i + 1}\ntlp = "${tlp}"\npeople = ["Ana Lima"]`, `## What happened\n\n${para}\n\n## What follows\n\n${para}`);
  }
  const file = dossierFile(source, 'Ana Lima');
  const html = readFileSync(file, 'utf8');
  assert.ok(!html.includes('Day 4 of the talks'), 'the RED briefing, above the audience, is not in it');
  const { pages } = await printed(pathToFileURL(file).href);
  checkPrint(pages, {
    title: 'Ana Lima', marking: 'TLP:AMBER',
    briefings: ['Day 1 of the talks', 'Day 2 of the talks', 'Day 3 of the talks'],
    headings: ['Contents', 'Timeline', 'Briefings', 'Sources', 'About Ana Lima', 'What happened', 'What follows'],
  });
  const bounded = readFileSync(dossierFile(source, 'Ana Lima', '--from', '2025-03-02', '--to', '2025-03-02'), 'utf8');
  assert.ok(bounded.includes('Day 2 of the talks') && !bounded.includes('Day 1 of the talks') && !bounded.includes('Day 3 of the talks'), '--from and --to keep day 2 alone');
  assert.ok(bounded.includes('TLP:AMBER'));
  const green = readFileSync(dossierFile(source, 'Ana Lima', '--to', '2025-03-01'), 'utf8');
  assert.ok(!green.includes('TLP:AMBER'), 'a dossier of CLEAR briefings is not marked AMBER');
});
