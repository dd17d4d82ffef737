// The schema.org vocabulary (schemaorg/, release 29.0) and a check of
// expanded JSON-LD against it: every type exists, every property exists
// and belongs on the type of its node (its domainIncludes holds the
// type or one of its ancestors), and every value is of a type the
// property takes (its rangeIncludes), nodes and literals alike.
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

// parseCSV reads RFC 4180 CSV: quoted fields may hold commas, newlines
// and doubled quotes. It returns the rows as objects by header.
export function parseCSV(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  const [head, ...body] = rows;
  return body.filter(r => r.length === head.length).map(r => Object.fromEntries(head.map((h, i) => [h, r[i]])));
}

// local returns the name of a schema.org IRI ("https://schema.org/Person"
// or "http://schema.org/Person" → "Person"), or null for another IRI.
export function local(iri) {
  const m = /^https?:\/\/schema\.org\/([^/#?]+)$/.exec(iri);
  return m ? m[1] : null;
}

const list = s => s.split(',').map(x => local(x.trim())).filter(Boolean);

// The data types of schema.org, and the JSON values each takes.
const dataTypes = {
  Text: v => typeof v === 'string',
  URL: v => typeof v === 'string' && /^[a-z][a-z0-9+.-]*:/i.test(v),
  Date: v => typeof v === 'string' && /^\d{4}(-\d\d(-\d\d)?)?$/.test(v),
  DateTime: v => typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?$/.test(v),
  Time: v => typeof v === 'string' && /^\d\d:\d\d(:\d\d)?/.test(v),
  Number: v => typeof v === 'number',
  Integer: v => Number.isInteger(v),
  Float: v => typeof v === 'number',
  Boolean: v => typeof v === 'boolean',
};

export class Vocabulary {
  constructor(dir = join(here, 'schemaorg')) {
    this.types = new Map();
    for (const t of parseCSV(readFileSync(join(dir, 'schemaorg-current-https-types.csv'), 'utf8'))) {
      this.types.set(local(t.id), { parents: list(t.subTypeOf) });
    }
    this.properties = new Map();
    for (const p of parseCSV(readFileSync(join(dir, 'schemaorg-current-https-properties.csv'), 'utf8'))) {
      this.properties.set(local(p.id), { domain: list(p.domainIncludes), range: list(p.rangeIncludes) });
    }
    this.context = JSON.parse(readFileSync(join(dir, 'schemaorgcontext.jsonld'), 'utf8'));
  }

  // ancestors returns a type and every type above it.
  ancestors(type) {
    const out = new Set([type]);
    const todo = [type];
    while (todo.length) {
      for (const p of this.types.get(todo.pop())?.parents ?? []) {
        if (!out.has(p)) { out.add(p); todo.push(p); }
      }
    }
    return out;
  }

  // isA reports whether one of types is, or descends from, one of wanted.
  isA(types, wanted) {
    return types.some(t => [...this.ancestors(t)].some(a => wanted.includes(a)));
  }

  // documentLoader serves schema.org's context for its addresses and
  // refuses every other: the tests never reach the network.
  documentLoader() {
    return async url => {
      if (/^https?:\/\/schema\.org\/?$/.test(url)) {
        return { contextUrl: null, documentUrl: url, document: this.context };
      }
      throw new Error(`the tests do not reach the network: a JSON-LD document asked for ${url}`);
    };
  }

  // check walks expanded JSON-LD and returns its problems, each a
  // sentence naming the node and the property.
  check(expanded) {
    const problems = [];
    const seen = [];
    const node = (n, where) => {
      const types = (n['@type'] ?? []).map(t => {
        const name = local(t);
        if (!name || !this.types.has(name)) problems.push(`${where}: @type ${t} is not a schema.org type`);
        return name;
      }).filter(Boolean);
      if (types.length === 0) problems.push(`${where}: a node without a schema.org @type`);
      seen.push(...types);
      for (const [key, values] of Object.entries(n)) {
        if (key.startsWith('@')) continue;
        const name = local(key);
        const prop = name && this.properties.get(name);
        if (!prop) { problems.push(`${where}: ${key} is not a schema.org property`); continue; }
        if (types.length && !this.isA(types, prop.domain)) {
          problems.push(`${where}: ${name} does not belong on ${types.join(', ')} (its domain is ${prop.domain.join(', ')})`);
        }
        for (const v of values) {
          const at = `${where} ${name}`;
          if ('@value' in v) {
            const ok = prop.range.some(r => dataTypes[r]?.(v['@value']));
            if (!ok) problems.push(`${at}: the value ${JSON.stringify(v['@value'])} is not of its range ${prop.range.join(', ')}`);
          } else if (Object.keys(v).length === 1 && '@id' in v) {
            // A reference: an address, or a thing named by its IRI.
            if (!prop.range.includes('URL') && !prop.range.some(r => this.types.has(r) && !(r in dataTypes))) {
              problems.push(`${at}: a reference ${v['@id']}, but its range is ${prop.range.join(', ')}`);
            }
          } else {
            const inner = (v['@type'] ?? []).map(local).filter(Boolean);
            if (!this.isA(inner, prop.range)) {
              problems.push(`${at}: a ${inner.join(', ') || 'node without a type'}, but its range is ${prop.range.join(', ')}`);
            }
            node(v, `${at} → ${inner.join(', ')}`);
          }
        }
      }
    };
    for (const n of expanded) node(n, (n['@type'] ?? []).map(local).join(', ') || 'top node');
    return { problems, types: seen };
  }
}
