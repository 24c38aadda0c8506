import { extractText, extractTextItems, getDocumentProxy, getMeta } from 'unpdf';
import { describe, expect, it } from 'vitest';
import type { InvoiceDocument, InvoiceLine } from './documents.ts';
import { pdfText, renderInvoicePdf } from './invoice-pdf.ts';

function line(description: string, quantity: number, unitNet: number, taxRateBp: number): InvoiceLine {
  const net = quantity * unitNet;
  const tax = Math.round((net * taxRateBp) / 10_000);
  return { description, quantity, unitNet, net, taxRateBp, tax, gross: net + tax };
}

function invoice(overrides: Partial<InvoiceDocument> = {}): InvoiceDocument {
  const lines = overrides.lines ?? [
    line('Mitgliedschaft „Fördermitglied“ – Jahresbeitrag', 1, 12_000, 1900),
    line('Workshop Größenwahn & Übermut', 2, 2_500, 700),
  ];
  const netTotal = lines.reduce((s, l) => s + l.net, 0);
  const taxTotal = lines.reduce((s, l) => s + l.tax, 0);
  return {
    number: '2026-0001',
    status: 'open',
    issuedAt: new Date('2026-11-21T10:00:00Z'),
    dueAt: new Date('2026-12-05T10:00:00Z'),
    paidAt: null,
    periodStart: new Date('2026-11-01T00:00:00+01:00'),
    periodEnd: new Date('2027-10-31T00:00:00+01:00'),
    currency: 'EUR',
    seller: {
      name: 'Treffpunkt Süd e. V.',
      address: 'Königstraße 12\n70173 Stuttgart\nDeutschland',
      email: 'kasse@treffpunkt-sued.example',
      taxNumber: '99/815/08150',
      vatId: 'DE123456789',
    },
    buyer: {
      name: 'Jürgen Weißmüller',
      address: 'Am Bärenbächle 3\n79098 Freiburg im Breisgau',
      vatId: 'DE987654321',
    },
    lines,
    netTotal,
    taxTotal,
    grossTotal: netTotal + taxTotal,
    taxRateBp: 1900,
    taxNote: '',
    payment: { holder: 'Treffpunkt Süd e. V.', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' },
    communityName: 'Treffpunkt Süd',
    ...overrides,
  };
}

/** The extracted text with runs of whitespace (including no-break spaces) folded to one space. */
async function textOf(pdf: Buffer) {
  const proxy = await getDocumentProxy(new Uint8Array(pdf));
  const { totalPages, text } = await extractText(proxy, { mergePages: false });
  const pages = text.map((t) => t.replace(/\s+/g, ' '));
  const { info } = await getMeta(proxy);
  return { totalPages, pages, all: pages.join(' '), info };
}

describe('renderInvoicePdf', () => {
  it('prints every field a German invoice needs', async () => {
    const pdf = await renderInvoicePdf(invoice(), 'de');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { totalPages, all, info } = await textOf(pdf);
    expect(totalPages).toBe(1);
    for (const part of [
      // seller
      'Treffpunkt Süd e. V.',
      'Königstraße 12',
      '70173 Stuttgart',
      'kasse@treffpunkt-sued.example',
      'Steuernummer: 99/815/08150',
      'USt-IdNr.: DE123456789',
      // buyer
      'Jürgen Weißmüller',
      'Am Bärenbächle 3',
      '79098 Freiburg im Breisgau',
      'USt-IdNr.: DE987654321',
      // facts
      'Rechnung 2026-0001',
      'Rechnungsnummer: 2026-0001',
      'Rechnungsdatum: 21.11.2026',
      'Leistungszeitraum: 01.11.2026 – 31.10.2027',
      'Fällig am: 05.12.2026',
      // lines
      'Mitgliedschaft „Fördermitglied“ – Jahresbeitrag',
      'Workshop Größenwahn & Übermut',
      '25,00 €',
      // totals per rate
      'Nettobetrag 19 % 120,00 €',
      'Umsatzsteuer 19 % 22,80 €',
      'Nettobetrag 7 % 50,00 €',
      'Umsatzsteuer 7 % 3,50 €',
      'Gesamtbetrag 196,30 €',
      // payment
      'Kontoinhaber: Treffpunkt Süd e. V.',
      'IBAN: DE89 3704 0044 0532 0130 00',
      'BIC: COBADEFFXXX',
      'Verwendungszweck: 2026-0001',
      'bis zum 05.12.2026',
      'Seite 1 von 1',
    ]) {
      expect(all).toContain(part);
    }
    expect(all).not.toContain('Bezahlt am');
    expect(info.Title).toBe('Rechnung 2026-0001');
    expect(info.Author).toBe('Treffpunkt Süd e. V.');
  });

  it('shows one Leistungsdatum for a one-day service, and "Bezahlt am" without bank details when paid', async () => {
    const day = new Date('2026-11-20T23:30:00Z'); // already the 21st in Berlin
    const pdf = await renderInvoicePdf(
      invoice({ status: 'paid', paidAt: new Date('2026-11-22T09:00:00Z'), periodStart: day, periodEnd: day }),
      'de',
    );
    const { all } = await textOf(pdf);
    expect(all).toContain('Leistungsdatum: 21.11.2026');
    expect(all).not.toContain('Leistungszeitraum');
    expect(all).toContain('Bezahlt am: 22.11.2026');
    expect(all).toContain('BEZAHLT');
    expect(all).not.toContain('IBAN');
    expect(all).not.toContain('Fällig am');
  });

  it('marks a void invoice as cancelled', async () => {
    const { all } = await textOf(await renderInvoicePdf(invoice({ status: 'void' }), 'de'));
    expect(all).toContain('STORNIERT');
    expect(all).toContain('Diese Rechnung wurde storniert');
    expect(all).not.toContain('IBAN');
  });

  it('prints the § 19 UStG note instead of a tax line and no tax rate', async () => {
    const lines = [line('Mitgliedsbeitrag Oktober', 1, 1_500, 0)];
    const note = 'Gemäß § 19 UStG wird keine Umsatzsteuer berechnet.';
    const doc = invoice({
      lines,
      netTotal: 1_500,
      taxTotal: 0,
      grossTotal: 1_500,
      taxRateBp: 0,
      taxNote: note,
      seller: { name: 'Anna Kleinunternehmerin', address: 'Weg 1\n10115 Berlin', taxNumber: '11/222/33333' },
    });
    const { all } = await textOf(await renderInvoicePdf(doc, 'de'));
    expect(all).toContain(note);
    expect(all).toContain('Steuernummer: 11/222/33333');
    expect(all).toContain('Gesamtbetrag 15,00 €');
    expect(all).not.toMatch(/\d\s?%/);
    expect(all.replace(note, '')).not.toContain('Umsatzsteuer');
    expect(all).not.toMatch(/\b(Netto|Brutto)\b|USt\. /);
  });

  it('renders in English', async () => {
    const pdf = await renderInvoicePdf(
      invoice({ status: 'paid', paidAt: new Date('2026-11-22T09:00:00Z') }),
      'en',
    );
    const { all, info } = await textOf(pdf);
    for (const part of [
      'Invoice 2026-0001',
      'Invoice date: 21/11/2026',
      'Service period: 01/11/2026 – 31/10/2027',
      'Paid on: 22/11/2026',
      'Net amount at 19% €120.00',
      'VAT 19% €22.80',
      'Total €196.30',
      'Jürgen Weißmüller',
      'Page 1 of 1',
    ]) {
      expect(all).toContain(part);
    }
    expect(info.Title).toBe('Invoice 2026-0001');
  });

  it('renders in Swedish with kronor', async () => {
    const lines = [line('Årsavgift för medlemskap i Föreningen Å', 1, 120_000, 2500)];
    const doc = invoice({
      lines,
      currency: 'SEK',
      netTotal: 120_000,
      taxTotal: 30_000,
      grossTotal: 150_000,
      taxRateBp: 2500,
      buyer: { name: 'Åsa Öberg', address: 'Storgatan 5\n111 51 Stockholm\nSverige' },
    });
    const { all } = await textOf(await renderInvoicePdf(doc, 'sv'));
    for (const part of [
      'Faktura 2026-0001',
      'Fakturadatum: 2026-11-21',
      'Förfallodatum: 2026-12-05',
      'Årsavgift för medlemskap i Föreningen Å',
      'Åsa Öberg',
      '111 51 Stockholm',
      'Summa exkl. moms (25 %) 1 200,00 kr',
      'Moms 25 % 300,00 kr',
      'Totalt 1 500,00 kr',
      'Sida 1 av 1',
    ]) {
      expect(all).toContain(part);
    }
  });

  it('continues a long invoice on further pages with the header repeated and the totals at the end', async () => {
    const lines = Array.from({ length: 60 }, (_, i) =>
      line(`Teilnahme Kurs Nr. ${i + 1} (Übungsabend)`, 1, 1_000, 1900),
    );
    const doc = invoice({ lines, netTotal: 60_000, taxTotal: 11_400, grossTotal: 71_400 });
    const { totalPages, pages, all } = await textOf(await renderInvoicePdf(doc, 'de'));
    expect(totalPages).toBeGreaterThanOrEqual(2);
    for (const page of pages)
      expect(page).toContain('Beschreibung Menge Einzelpreis netto Netto USt. Brutto');
    expect(pages[1]).toContain('Rechnung 2026-0001 (Fortsetzung)');
    for (let i = 1; i <= 60; i++) expect(all).toContain(`Teilnahme Kurs Nr. ${i} (Übungsabend)`);
    expect(pages.at(-1)).toContain('Gesamtbetrag 714,00 €');
    expect(pages.at(-1)).toContain(`Seite ${totalPages} von ${totalPages}`);
  });

  it('wraps long descriptions and addresses inside the page', async () => {
    const long = `Jahresbeitrag ${'inklusive Zugang zu allen Räumen, Kursen und Veranstaltungen '.repeat(6)}Ende`;
    const doc = invoice({
      lines: [
        line(long, 1, 10_000, 1900),
        line('Donaudampfschifffahrtsgesellschaftskapitänsmützenwerkstatt', 1, 1, 1900),
      ],
      buyer: {
        name: 'Gemeinnützige Gesellschaft für außerordentlich lange Namen und Anschriften mbH',
        address:
          'Hinterhaus, 4. Obergeschoss links, bei Familie Müller-Lüdenscheidt-Schnarrenberger\n01234 Irgendwo',
      },
    });
    const pdf = await renderInvoicePdf(doc, 'de');
    const { items } = await extractTextItems(new Uint8Array(pdf));
    for (const item of items.flat()) {
      if (item.str.trim() === '' || item.str === 'STORNIERT') continue;
      expect(item.x, item.str).toBeGreaterThanOrEqual(56);
      expect(item.x + item.width, item.str).toBeLessThanOrEqual(595.28 - 56);
    }
    const { all } = await textOf(pdf);
    expect(all).toContain('Ende');
    expect(all).toContain('01234 Irgendwo');
  });

  it('keeps umlauts, ß, å and € intact and replaces what the built-in fonts cannot draw', async () => {
    const doc = invoice({ buyer: { name: 'Łukasz Ærøskøbing – Straße Å', address: 'Göteborg' } });
    const { all } = await textOf(await renderInvoicePdf(doc, 'de'));
    expect(all).toContain('Lukasz Ærøskøbing – Straße Å');
    expect(all).toContain('Göteborg');
    expect(all).toMatch(/€/);
    expect(pdfText('a\u2212b\u202fc\u0000d ✓')).toBe('a-b\u00a0cd ?');
  });

  it('gives the same bytes for the same document', async () => {
    const [a, b] = await Promise.all([renderInvoicePdf(invoice(), 'de'), renderInvoicePdf(invoice(), 'de')]);
    expect(a.equals(b)).toBe(true);
  });
});
