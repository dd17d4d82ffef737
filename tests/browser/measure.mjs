// Measures search on a built site opened from file://, as a reader would
// use it: for each query a fresh page; once the page has loaded its
// search (meta.js, names.js), the query is typed in one go and the
// figures are read from the page: time from the input event to the first
// result on screen (and to the ranking, "ranked", once the terms are
// loaded) and to the full first page of results, and the bytes
// of every index file the page loaded (summed from the files on disk).
// With TYPE_DELAY=ms the query is typed a key at a time instead.
//
//   node measure.mjs /tmp/out-10k "ukraine" "ceasefire talks" ...
//   node measure.mjs /tmp/out-10k          # the queries of docs/publishing.md, misspelt ones too
//   REPEAT=5 node measure.mjs /tmp/out-10k # each query 5 times: medians, and the fastest first result
//   REPEAT=3 node measure.mjs --check /tmp/out-10k   # as CI runs it: exit 1 when over budget
//
// With --check (.ci/run), the exit status holds the budgets, with a
// policy a busy shared machine does not trip falsely: any query that
// loads more than 1 MB of index fails (the bytes depend only on the
// build), and so does any page error; time fails only when the median
// over all queries of each query's median first result is over 150 ms,
// since one slow query on a loaded machine says little. Every figure is
// printed either way.
// Each row says how many index files of each kind the query loaded
// (terms, docs, lex), and the last line checks the budgets of issue 23:
// first results within 150 ms, at most 1 MB of index per query.
import { chromium } from 'playwright-core';
import { statSync } from 'node:fs';

export async function measure(browser, dir, q) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto('file://' + dir + '/search/index.html');
  await page.waitForFunction(() => window.briefingsSearch && window.briefingsSearch.ready);
  await page.waitForTimeout(200); // the reader starts typing
  // Pasted: one input event. Typed (TYPE_DELAY=ms between keys): the
  // figures are those of the last keystroke's query.
  const delay = Number(process.env.TYPE_DELAY || 0);
  const last = await page.evaluate(([q, delay]) => new Promise(resolve => {
    const input = document.getElementById('q');
    document.addEventListener('briefings:search', function on(e) {
      if (e.detail.query === q) { document.removeEventListener('briefings:search', on); resolve(e.detail); }
    });
    let n = delay ? 1 : q.length;
    const type = () => {
      input.value = q.slice(0, n);
      input.dispatchEvent(new Event('input'));
      if (n++ < q.length) setTimeout(type, delay);
    };
    type();
  }), [q, delay]);
  const files = await page.evaluate(() => window.briefingsSearch.loaded);
  await page.close();
  const bytes = files.reduce((n, f) => n + statSync(dir + '/search/' + f).size, 0);
  const kinds = {};
  for (const f of files) { const k = f.replace(/-?\d*\.js$/, ''); kinds[k] = (kinds[k] || 0) + 1; }
  return { query: q, results: last.results, ranked: Math.round(last.times.ranked), first: Math.round(last.times.first || last.ms), ms: Math.round(last.ms), kB: Math.round(bytes / 1024), files: files.length, kinds, errors };
}

// queries are those of docs/publishing.md's table, then misspelt ones.
export const queries = ['ukraine', 'ceasefire talks', 'sanctions russia oil', 'nato summit', 'defence minister', 'election',
  'grain exports black sea', 'minister defense ukr', 'zel',
  'ukriane', 'hegsethh', 'ceasfire tlaks', 'sanctoins rusia', 'defence ministr', 'elcetion', 'kuraine'];

if (import.meta.url === 'file://' + process.argv[1]) {
  const args = process.argv.slice(2), check = args.includes('--check');
  const [dir, ...asked] = args.filter(a => a !== '--check');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
  // REPEAT=n measures each query n times, the queries taking turns, and
  // keeps for each its median times and its fastest first result ("best"):
  // on a shared machine the fastest run is the one that waited least.
  const repeat = Math.max(1, Number(process.env.REPEAT || 1));
  const runs = new Map();
  for (let i = 0; i < repeat; i++) {
    for (const q of asked.length ? asked : queries) {
      if (!runs.has(q)) runs.set(q, []);
      runs.get(q).push(await measure(browser, dir, q));
    }
  }
  const rows = [];
  for (const [q, list] of runs) {
    const mid = k => list.map(r => r[k]).sort((a, b) => a - b)[Math.floor(list.length / 2)];
    const r = { ...list[0], ranked: mid('ranked'), first: mid('first'), ms: mid('ms'), best: Math.min(...list.map(r => r.first)), runs: list.length };
    rows.push(r);
    console.log(JSON.stringify(r));
  }
  const med = k => rows.map(r => r[k]).sort((a, b) => a - b)[Math.floor(rows.length / 2)];
  console.log(`median: first result ${med('first')} ms, full page ${med('ms')} ms, ${med('kB')} kB; max ${Math.max(...rows.map(r => r.kB))} kB`);
  const slow = rows.filter(r => r.first > 150).map(r => r.query), big = rows.filter(r => r.kB > 1024).map(r => r.query);
  console.log(`budgets: first result within 150 ms for ${rows.length - slow.length} of ${rows.length}` + (slow.length ? ` (not: ${slow.join(', ')})` : '') +
    `; at most 1 MB of index for ${rows.length - big.length} of ${rows.length}` + (big.length ? ` (not: ${big.join(', ')})` : ''));
  await browser.close();
  if (check) {
    const failed = [];
    if (big.length) failed.push(`more than 1 MB of index for ${big.join(', ')}`);
    if (med('first') > 150) failed.push(`the median first result took ${med('first')} ms, over 150 ms`);
    const broken = rows.filter(r => r.errors.length).map(r => `${r.query}: ${r.errors.join('; ')}`);
    if (broken.length) failed.push(`errors in the page: ${broken.join(' | ')}`);
    if (failed.length) {
      console.error(`search budget: ${failed.join('; ')}`);
      process.exit(1);
    }
    console.log('search budget: held');
  }
}
