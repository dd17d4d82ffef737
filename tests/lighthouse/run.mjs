// Lighthouse on the demo site as a reader's browser gets it from a web
// host: built for http://127.0.0.1:PORT/, served by the reader tests'
// server (tests/browser/lib.mjs), audited in Debian's Chromium with no
// network beyond 127.0.0.1. It prints each page's four scores and what
// cost points, and exits 1 unless every page scores 100 in accessibility
// and best practices and at least 95 in performance and SEO (issue 23).
//
//   cd tests/lighthouse && npm ci --ignore-scripts && node run.mjs [--runs=N]
//
// Lighthouse's performance score is simulated (its default "lantern"
// throttling, a slow phone on a slow 4G link) from a trace of the real
// load, so it moves little from run to run; --runs=N audits each page N
// times and keeps the median, as Lighthouse's own docs advise; a page
// whose one run falls short in performance gets two more.
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { build, serve, freePort } from '../browser/lib.mjs';

const pages = {
  home: '',
  briefing: 'briefings/2025-02-12-uk-firepower-package/',
  person: 'people/donald-trump/',
};
const want = { performance: 95, accessibility: 100, 'best-practices': 100, seo: 95 };
const runs = +(process.argv.find(a => a.startsWith('--runs='))?.slice(7) || 1);

const port = await freePort();
const base = `http://127.0.0.1:${port}/`;
const server = await serve(build('--base-url', base), '/', port);
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM || '/usr/bin/chromium',
  chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
let failed = false;
try {
  for (const [name, path] of Object.entries(pages)) {
    const results = [];
    const audit = async () => {
      const { lhr } = await lighthouse(base + path, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: Object.keys(want) });
      results.push(lhr);
    };
    for (let i = 0; i < runs; i++) await audit();
    // A busy machine lengthens the page's real tasks, which the
    // simulation scales up: a performance score short of its bound is
    // audited twice more and the median kept. The other three categories
    // do not depend on timing.
    if (results.length < 3 && Math.round(results[0].categories.performance.score * 100) < want.performance) {
      while (results.length < 3) await audit();
    }
    const scores = {};
    for (const cat of Object.keys(want)) {
      const all = results.map(r => Math.round(r.categories[cat].score * 100)).sort((a, b) => a - b);
      scores[cat] = all[Math.floor(all.length / 2)];
    }
    console.log(`${name} (${base + path}): ` + Object.entries(scores).map(([k, v]) => `${k} ${v}`).join(', '));
    for (const [cat, min] of Object.entries(want)) {
      if (scores[cat] >= min) continue;
      failed = true;
      console.log(`  ${cat} ${scores[cat]} is below ${min}; what cost points:`);
      const lhr = results.find(r => Math.round(r.categories[cat].score * 100) === scores[cat]);
      for (const ref of lhr.categories[cat].auditRefs) {
        const a = lhr.audits[ref.id];
        if (ref.weight > 0 && a.score !== null && a.score < 1) console.log(`    ${a.id}: ${a.title} (${a.displayValue || a.score})`);
      }
    }
  }
} finally {
  chrome.kill();
  await server.close();
}
process.exit(failed ? 1 : 0);
