/**
 * Brand colour maths shared by the server (which renders /brand.css) and the admin preview.
 * Whatever colour a host picks, text on it and brand-coloured text on white keep WCAG AA (4.5:1).
 */

export const DEFAULT_BRAND = '#2f6f5e';
const HEX = /^#([0-9a-f]{6})$/i;

export function isHexColor(v: string): boolean {
  return HEX.test(v);
}

function channels(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function toHex([r, g, b]: [number, number, number]): string {
  return `#${[r, g, b].map((x) => Math.round(Math.min(255, Math.max(0, x))).toString(16).padStart(2, '0')).join('')}`;
}

/** WCAG relative luminance. */
export function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Mixes `hex` towards black (amount 0..1). */
function darken(hex: string, amount: number): string {
  const [r, g, b] = channels(hex);
  return toHex([r * (1 - amount), g * (1 - amount), b * (1 - amount)]);
}

export interface BrandPalette {
  /** The colour as chosen, used for surfaces such as buttons. */
  brand: string;
  /** Text colour on `brand` surfaces: black or white, whichever contrasts more (always ≥ 4.58:1). */
  onBrand: string;
  /** Brand-tinted colour for text and links on white, darkened until it reaches 4.5:1. */
  brandText: string;
  /** A button surface that keeps 4.5:1 with white text where the chosen colour cannot. */
  brandStrong: string;
}

/** Derives an accessible palette from any hex colour (invalid input falls back to the default). */
export function brandPalette(input: string): BrandPalette {
  const brand = isHexColor(input) ? input.toLowerCase() : DEFAULT_BRAND;
  const onBrand = contrast(brand, '#ffffff') >= contrast(brand, '#000000') ? '#ffffff' : '#000000';
  let brandText = brand;
  for (let i = 1; contrast(brandText, '#ffffff') < 4.5 && i <= 20; i++) brandText = darken(brand, i * 0.05);
  return { brand, onBrand, brandText, brandStrong: brandText };
}

/** The CSS custom properties the UI reads. */
export function brandCss(input: string): string {
  const p = brandPalette(input);
  return `:root{--brand:${p.brand};--on-brand:${p.onBrand};--brand-text:${p.brandText};--brand-strong:${p.brandStrong};}\n`;
}
