// The structured data of the built pages, as a search engine reads it:
// every <script type="application/ld+json"> of every page is expanded
// by a real JSON-LD processor (jsonld.js), offline, with schema.org's
// context served from schemaorg/; then every type and property is
// checked against schema.org's vocabulary: a property on a type it
// belongs to, a value of a type it takes (issue 25).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import jsonld from 'jsonld';
import { Vocabulary } from './vocabulary.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const vocab = new Vocabulary();
let binary = process.env.BRIEFINGS_BIN;

// Every temporary folder made here goes when the tests end.
const temps = [];
function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}
after(() => { for (const dir of temps) rmSync(dir, { recursive: true, force: true }); });

function build(source) {
  if (!binary) {
    binary = join(tempDir('briefings-bin-'), 'briefings');
    execFileSync('go', ['build', '-o', binary, '.'], { cwd: repo, stdio: 'inherit' });
  }
  const dest = join(tempDir('briefings-ld-'), 'public');
  execFileSync(binary, ['build', '-s', source, '-d', dest], { cwd: source, stdio: ['ignore', 'ignore', 'inherit'] });
  return dest;
}

function buildSite(files) {
  const source = tempDir('briefings-ld-src-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(source, path)), { recursive: true });
    writeFileSync(join(source, path), text);
  }
  return build(source);
}

// scripts returns the JSON-LD blocks of every page of a site, by page.
function scripts(site) {
  const out = [];
  for (const f of readdirSync(site, { recursive: true })) {
    if (!String(f).endsWith('.html')) continue;
    const html = readFileSync(join(site, f), 'utf8');
    for (const m of html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)) {
      out.push({ page: relative(site, join(site, f)), text: m[1] });
    }
  }
  return out;
}

// validate expands every block and checks it, returning the types seen
// by page.
async function validate(site) {
  const seen = {};
  const blocks = scripts(site);
  assert.ok(blocks.length > 0, 'no page carries JSON-LD');
  for (const { page, text } of blocks) {
    let doc;
    assert.doesNotThrow(() => { doc = JSON.parse(text); }, `${page}: the JSON-LD is not JSON`);
    // safe mode: any term the context does not define, any value that
    // would be dropped, is an error rather than silently lost.
    const expanded = await jsonld.expand(doc, { documentLoader: vocab.documentLoader(), safe: true });
    assert.ok(expanded.length > 0, `${page}: expands to nothing`);
    const { problems, types } = vocab.check(expanded);
    assert.deepEqual(problems, [], `${page}:\n${problems.join('\n')}`);
    // And it makes RDF: N-Quads a linked-data consumer would load.
    const quads = await jsonld.toRDF(doc, { documentLoader: vocab.documentLoader(), format: 'application/n-quads', safe: true });
    assert.ok(quads.length > 0, `${page}: no triples`);
    seen[page.replaceAll('\\', '/')] = types;
  }
  return seen;
}

const rich = {
  'site.toml': 'title = "Rich"\nbase_url = "https://example.org/rich/"\nauthor = "The desk"\n[[kinds]]\nname = "cities"\nsingular = "city"\nschema = "City"\n[[kinds]]\nname = "organisations"\n',
  'content/outlets/upi.md': '+++\nname = "United Press International"\naliases = ["UPI"]\nreliability = "B"\nurl = "https://www.upi.com/"\n+++\nA wire service.\n',
  'content/people/jane-roe.md': '+++\nname = "Jane Roe"\nrole = "Editor"\nwikidata = "Q1"\n+++\n',
  'content/people/vladimir-putin.md': '+++\nname = "Vladimir Putin"\naliases = ["Putin"]\nrole = "President of Russia"\nwikidata = "Q7747"\n+++\n',
  'content/countries/ukraine.md': '+++\nname = "Ukraine"\ncode = "UA"\ncapital = "Kyiv"\nwikidata = "Q212"\n+++\n',
  'content/events/summit.md': '+++\nname = "Summit"\ndate = 2025-02-12\nend_date = 2025-02-13\nlocation = "Brussels"\npeople = ["Putin"]\n+++\n',
  'content/cities/brussels.md': '+++\nname = "Brussels"\n+++\n',
  'content/briefings/2025-02-12-a.md': `+++
title = "A </script> \\"quoted\\" briefing"
date = 2025-02-12
summary = "What happened."
authors = ["Jane Roe", "Sam Writer"]
updated = 2025-02-13
people = ["Putin"]
countries = ["Ukraine"]
events = ["Summit"]
cities = ["Brussels"]
organisations = ["NATO"]
tags = ["talks"]
[[sources]]
title = "The wire"
url = "https://www.upi.com/x"
outlet = "UPI"
reliability = "B"
credibility = 2
accessed = 2025-02-12
archive = "https://web.archive.org/web/2025/https://www.upi.com/x"
[[sources]]
title = "A ministry"
url = "https://example.org/m"
outlet = "Foreign Ministry"
[[corrections]]
date = 2025-02-14
text = "A date was wrong."
+++
Body naming [[Ukraine]] and [[Vladimir Putin]].
`,
  'content/briefings/2025-02-11-b.md': '+++\ntitle = "B"\ndate = 2025-02-11T09:30:00Z\n+++\nNo names, no sources.\n',
};

test('the demo site: every page\'s JSON-LD expands and uses schema.org\'s vocabulary correctly', async () => {
  const seen = await validate(build(repo));
  const briefings = Object.entries(seen).filter(([p]) => p.startsWith('briefings/'));
  assert.ok(briefings.length >= 4, `${briefings.length} briefing pages with JSON-LD`);
  for (const [page, types] of briefings) {
    assert.ok(types.includes('NewsArticle'), `${page} is a NewsArticle: ${types}`);
    assert.ok(types.includes('Person') && types.includes('Country'), `${page} is about people and countries: ${types}`);
  }
  assert.ok(seen['people/vladimir-putin/index.html']?.includes('Person'));
  assert.ok(seen['countries/ukraine/index.html']?.includes('Country'));
  assert.ok(seen['events/invasion-of-ukraine/index.html']?.includes('Event'));
  assert.ok(Object.values(seen).some(t => t.includes('NewsMediaOrganization')), 'an outlet');
  assert.ok(Object.values(seen).some(t => t.includes('CorrectionComment')), 'a correction');
});

test('a site with every field: authors, outlets, grades, corrections, events, declared kinds, article_type', async () => {
  let seen = await validate(buildSite(rich));
  const a = seen['briefings/2025-02-12-a/index.html'];
  for (const t of ['NewsArticle', 'Person', 'Country', 'Event', 'City', 'Thing', 'NewsMediaOrganization', 'CorrectionComment', 'CreativeWork', 'WebSite', 'Organization']) {
    assert.ok(a.includes(t), `the briefing's JSON-LD has a ${t}: ${a}`);
  }
  assert.ok(seen['cities/brussels/index.html'].includes('City'));
  assert.ok(seen['outlets/upi/index.html'].includes('NewsMediaOrganization'));
  assert.ok(seen['events/summit/index.html'].includes('Event'));
  seen = await validate(buildSite({ ...rich, 'site.toml': rich['site.toml'].replace('author = "The desk"', 'article_type = "Report"') }));
  assert.ok(seen['briefings/2025-02-12-a/index.html'].includes('Report'));
});

test('the JSON-LD of a briefing names what a reader needs, expanded', async () => {
  const site = buildSite(rich);
  const [{ text }] = scripts(site).filter(s => s.page.startsWith('briefings/2025-02-12-a'));
  const [node] = await jsonld.expand(JSON.parse(text), { documentLoader: vocab.documentLoader() });
  const S = 'http://schema.org/';
  // The title as the page shows it, with the typographer's quotes.
  assert.match(node[S + 'headline'][0]['@value'], /^A <\/script> [“"]quoted[”"] briefing$/);
  assert.equal(node[S + 'datePublished'][0]['@value'], '2025-02-12');
  assert.equal(node[S + 'dateModified'][0]['@value'], '2025-02-14');
  assert.deepEqual(node[S + 'author'].map(a => a[S + 'name'][0]['@value']), ['Jane Roe', 'Sam Writer']);
  const citation = node[S + 'citation'][0];
  assert.equal(citation[S + 'url'][0]['@id'], 'https://www.upi.com/x');
  assert.equal(citation[S + 'publisher'][0][S + 'name'][0]['@value'], 'United Press International');
  const about = node[S + 'about'].map(n => n[S + 'name'][0]['@value']);
  assert.ok(about.includes('Ukraine') && about.includes('Vladimir Putin') && about.includes('Summit'), `about ${about}`);
  const ukraine = node[S + 'about'].find(n => n[S + 'name'][0]['@value'] === 'Ukraine');
  assert.deepEqual(ukraine[S + 'sameAs'].map(v => v['@id']), ['https://www.wikidata.org/wiki/Q212']);
});

// The checker must fail where the vocabulary is misused, or the tests
// above prove nothing.
test('the vocabulary check finds a property on the wrong type, an unknown type and a value out of range', async () => {
  const expand = doc => jsonld.expand(doc, { documentLoader: vocab.documentLoader() });
  const cases = [
    [{ '@context': 'https://schema.org', '@type': 'Person', headline: 'x' }, /headline does not belong on Person/],
    [{ '@context': 'https://schema.org', '@type': 'Persn', name: 'x' }, /Persn is not a schema.org type/],
    [{ '@context': 'https://schema.org', '@type': 'NewsArticle', author: { '@type': 'Country', name: 'x' } }, /author: a Country, but its range is Organization, Person/],
    [{ '@context': 'https://schema.org', '@type': 'NewsArticle', wordCount: 'many' }, /wordCount: the value "many" is not of its range Integer/],
    [{ '@context': 'https://schema.org', '@type': 'NewsArticle', colour: 'red' }, /colour is not a schema.org property/],
  ];
  for (const [doc, want] of cases) {
    const { problems } = vocab.check(await expand(doc));
    assert.match(problems.join('\n'), want);
  }
  await assert.rejects(vocab.documentLoader()('https://example.org/other'), /do not reach the network/);
  await assert.rejects(jsonld.expand({ '@context': 'https://example.org/other', name: 'x' }, { documentLoader: vocab.documentLoader() }));
});
