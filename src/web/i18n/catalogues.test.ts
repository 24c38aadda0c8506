import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import de from './de.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };
import sv from './sv.json' with { type: 'json' };

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const catalogues = { de, en, sv } as Record<string, Tree>;
const reference = flatten(de as Tree);

describe('i18n catalogues', () => {
  for (const [lang, tree] of Object.entries(catalogues)) {
    const flat = flatten(tree);

    it(`${lang} has exactly the German key set`, () => {
      expect([...flat.keys()].sort()).toEqual([...reference.keys()].sort());
    });

    it(`${lang} has no empty strings`, () => {
      expect([...flat].filter(([, v]) => v.trim() === '').map(([k]) => k)).toEqual([]);
    });

    it(`${lang} uses the same interpolation variables as German`, () => {
      const vars = (s: string) => [...s.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();
      const mismatched = [...flat].filter(([k, v]) => {
        const ref = reference.get(k);
        return ref !== undefined && vars(ref).join() !== vars(v).join();
      });
      expect(mismatched.map(([k]) => k)).toEqual([]);
    });
  }
});

// Modules' lazily loaded catalogues: `src/modules/<m>/web/i18n/<part>.<lang>.json`, same rules.
const modulesDir = path.resolve(import.meta.dirname, '../../modules');
const parts = new Map<string, Record<string, Tree>>();
for (const m of fs.readdirSync(modulesDir)) {
  const dir = path.join(modulesDir, m, 'web', 'i18n');
  if (!fs.existsSync(dir)) continue;
  for (const f of fs.readdirSync(dir)) {
    const match = /^(.+)\.(de|en|sv)\.json$/.exec(f);
    if (!match) continue;
    const key = `${m}/${match[1]}`;
    const entry = parts.get(key) ?? {};
    entry[match[2]!] = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Tree;
    parts.set(key, entry);
  }
}

describe('module catalogues', () => {
  for (const [name, langs] of parts) {
    it(`${name} exists in de, en and sv with the same keys, variables and no empty strings`, () => {
      expect(Object.keys(langs).sort()).toEqual(['de', 'en', 'sv']);
      const ref = flatten(langs.de!);
      const vars = (s: string) => [...s.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort().join();
      for (const lang of ['en', 'sv']) {
        const flat = flatten(langs[lang]!);
        expect([...flat.keys()].sort(), lang).toEqual([...ref.keys()].sort());
        expect([...flat].filter(([, v]) => v.trim() === '').map(([k]) => k), lang).toEqual([]);
        expect([...flat].filter(([k, v]) => vars(v) !== vars(ref.get(k) ?? '')).map(([k]) => k), lang).toEqual([]);
      }
      // No key is defined twice across a module's parts and the main catalogue.
      for (const k of ref.keys()) expect(reference.has(k), k).toBe(false);
    });
  }
});
