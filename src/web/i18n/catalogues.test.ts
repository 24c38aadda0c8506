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
