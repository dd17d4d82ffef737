import { launch } from './lib.mjs';
const b = await launch(); const p = await b.newPage();
p.on('console', m => console.log(m.text())); p.on('pageerror', e => console.log('ERR', e.message));
for (const q of process.argv.slice(2)) {
await p.goto('file:///tmp/reading-demo/search/index.html?q=' + encodeURIComponent(q));
await p.waitForFunction(() => /result/.test(document.getElementById('search-status').textContent));
console.log(q, '→', await p.locator('#search-status').textContent(), JSON.stringify(await p.evaluate(() => window.briefingsSearch.last && window.briefingsSearch.last.files)));
}
await b.close();
