// make.mjs writes ../countries.bin: every country of Natural Earth's
// 1:50m admin-0 map (npm world-atlas, public domain), simplified, with
// its ISO 3166-1 codes and English names (npm i18n-iso-countries), in
// the compact form generator/geo reads (geo.go, func load). Run it with
// `npm ci --ignore-scripts && node make.mjs`; the result is committed,
// and the build never runs this.
//
// The form, little-endian, every integer an unsigned or zig-zag varint:
//
//	"NE50" version 1
//	count
//	count × country:
//	  alpha-2 (2 bytes, "--" for none), numeric code, alpha-3 (3 bytes, "---")
//	  names: count, each a length and UTF-8 bytes (Natural Earth's first)
//	  rings: count, each: points, then points × (Δlon, Δlat) zig-zag in
//	    hundredths of a degree, the first from 0,0 and each after from
//	    the one before; a ring is closed (its last point is its first)
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import { presimplify, simplify, sphericalTriangleArea } from 'topojson-simplify';

const require = createRequire(import.meta.url);
const countries = require('i18n-iso-countries');
countries.registerLocale(require('i18n-iso-countries/langs/en.json'));
const topology = JSON.parse(readFileSync(new URL('./node_modules/world-atlas/countries-50m.json', import.meta.url)));

// Spherical area in steradians below which a point may go: the 1:50m
// lines keep their shape at a region's scale (a country and its
// neighbours on a phone), at a fraction of the points.
const minWeight = 1e-6;
const simple = simplify(presimplify(topology, sphericalTriangleArea), minWeight);
const geoms = feature(simple, simple.objects.countries).features;
// A small country that simplification would leave without a ring of
// three corners keeps its 1:50m lines instead.
const full = new Map(feature(topology, topology.objects.countries).features.map((f, i) => [i, f]));

const out = [];
const uvarint = n => { do { let b = n & 0x7f; n = Math.floor(n / 128); if (n) b |= 0x80; out.push(b); } while (n); };
const svarint = n => uvarint(n < 0 ? -2 * n - 1 : 2 * n);
const bytes = s => { const b = Buffer.from(s, 'utf8'); uvarint(b.length); out.push(...b); };
for (const c of 'NE50') out.push(c.charCodeAt(0));
uvarint(1);

const list = [];
const ringsOf = f => {
  const polys = f.geometry == null ? [] : f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  const rings = [];
  for (const poly of polys) for (const ring of poly) {
    const pts = [];
    for (const [lon, lat] of ring) {
      const p = [Math.round(lon * 100), Math.round(lat * 100)];
      const last = pts[pts.length - 1];
      if (!last || last[0] !== p[0] || last[1] !== p[1]) pts.push(p);
    }
    if (pts.length >= 4) rings.push(pts);
  }
  return rings;
};
for (const [i, f] of geoms.entries()) {
  const name = f.properties.name;
  let a2 = f.id ? countries.numericToAlpha2(f.id) : countries.getAlpha2Code(name, 'en');
  const numeric = f.id ? Number(f.id) : 0;
  const a3 = a2 ? countries.alpha2ToAlpha3(a2) : '';
  const names = [name];
  if (a2) for (const n of [].concat(countries.getName(a2, 'en', { select: 'all' }) || [])) if (!names.includes(n)) names.push(n);
  let rings = ringsOf(f);
  if (!rings.length) rings = ringsOf(full.get(i));
  if (rings.length) list.push({ a2: a2 || '--', numeric, a3: a3 || '---', names, rings });
}
list.sort((a, b) => a.names[0] < b.names[0] ? -1 : 1);
uvarint(list.length);
let points = 0;
for (const c of list) {
  for (const ch of c.a2) out.push(ch.charCodeAt(0));
  uvarint(c.numeric);
  for (const ch of c.a3) out.push(ch.charCodeAt(0));
  uvarint(c.names.length);
  for (const n of c.names) bytes(n);
  uvarint(c.rings.length);
  for (const r of c.rings) {
    uvarint(r.length);
    let x = 0, y = 0;
    for (const [px, py] of r) { svarint(px - x); svarint(py - y); x = px; y = py; }
    points += r.length;
  }
}
writeFileSync(new URL('../countries.bin', import.meta.url), Buffer.from(out));
console.log(`${list.length} countries, ${points} points, ${out.length} bytes`);
