import sharp from 'sharp';

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A 256×256 PNG with up to three initials in white on a coloured square (demo avatars and logos). */
export async function initialsPng(text: string, color: string): Promise<Buffer> {
  const label = escapeXml(text.slice(0, 3));
  const size = label.length > 2 ? 84 : 110;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
  <rect width="256" height="256" fill="${escapeXml(color)}"/>
  <text x="128" y="128" dy="0.35em" text-anchor="middle" font-family="DejaVu Sans, Arial, sans-serif"
        font-size="${size}" font-weight="bold" fill="#ffffff">${label}</text>
</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}
