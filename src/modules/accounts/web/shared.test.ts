import { describe, expect, it } from 'vitest';
import { safeNext, withNext } from './shared.tsx';

describe('safeNext', () => {
  it('keeps same-site paths with their query', () => {
    expect(safeNext('/checkout?price=abc&invite=x1')).toBe('/checkout?price=abc&invite=x1');
    expect(safeNext('/membership')).toBe('/membership');
  });

  it('refuses anything that could leave the site', () => {
    for (const bad of [
      null,
      undefined,
      '',
      'checkout',
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      '/\tevil',
      'javascript:alert(1)',
    ]) {
      expect(safeNext(bad), String(bad)).toBe('/');
    }
  });
});

describe('withNext', () => {
  it('adds an encoded next only when there is somewhere to return to', () => {
    expect(withNext('/login', '/')).toBe('/login');
    expect(withNext('/verified', '/checkout?price=abc')).toBe('/verified?next=%2Fcheckout%3Fprice%3Dabc');
  });
});
