/**
 * Draws an InvoiceDocument as an A4 PDF (German invoice rules, §14 UStG) with pdfkit's built-in Helvetica.
 * The built-in fonts speak WinAnsi only, so every string goes through `pdfText` first.
 */
import PDFDocument from 'pdfkit';
import type { Currency, InvoiceDocument, InvoiceLine, InvoiceParty, PageLocale } from './documents.ts';

interface InvoiceLabels {
  intl: string;
  invoice: string;
  number: string;
  date: string;
  servicePeriod: string;
  serviceDate: string;
  serviceDateIsInvoiceDate: string;
  dueDate: string;
  paidOn: string;
  paidMarker: string;
  voidMarker: string;
  voidNote: string;
  continued: string;
  taxNumber: string;
  vatId: string;
  description: string;
  quantity: string;
  unitNet: string;
  unitPrice: string;
  net: string;
  amount: string;
  taxRate: string;
  gross: string;
  netAtRate: (rate: string) => string;
  taxAtRate: (rate: string) => string;
  netTotal: string;
  grossTotal: string;
  transfer: (amount: string, due: string | null) => string;
  payableBy: (due: string) => string;
  holder: string;
  iban: string;
  bic: string;
  reference: string;
  page: (n: number, of: number) => string;
}

/** German is the legal default; English and Swedish are courtesy translations. */
const LABELS: Record<PageLocale, InvoiceLabels> = {
  de: {
    intl: 'de-DE',
    invoice: 'Rechnung',
    number: 'Rechnungsnummer',
    date: 'Rechnungsdatum',
    servicePeriod: 'Leistungszeitraum',
    serviceDate: 'Leistungsdatum',
    serviceDateIsInvoiceDate: 'entspricht Rechnungsdatum',
    dueDate: 'Fällig am',
    paidOn: 'Bezahlt am',
    paidMarker: 'BEZAHLT',
    voidMarker: 'STORNIERT',
    voidNote: 'Diese Rechnung wurde storniert und ist nicht mehr zu bezahlen.',
    continued: 'Fortsetzung',
    taxNumber: 'Steuernummer',
    vatId: 'USt-IdNr.',
    description: 'Beschreibung',
    quantity: 'Menge',
    unitNet: 'Einzelpreis netto',
    unitPrice: 'Einzelpreis',
    net: 'Netto',
    amount: 'Betrag',
    taxRate: 'USt.',
    gross: 'Brutto',
    netAtRate: (r) => `Nettobetrag ${r}`,
    taxAtRate: (r) => `Umsatzsteuer ${r}`,
    netTotal: 'Nettobetrag',
    grossTotal: 'Gesamtbetrag',
    transfer: (a, d) =>
      `Bitte überweisen Sie ${a}${d ? ` bis zum ${d}` : ''} unter Angabe der Rechnungsnummer auf folgendes Konto:`,
    payableBy: (d) => `Zahlbar bis zum ${d}.`,
    holder: 'Kontoinhaber',
    iban: 'IBAN',
    bic: 'BIC',
    reference: 'Verwendungszweck',
    page: (n, of) => `Seite ${n} von ${of}`,
  },
  en: {
    intl: 'en-GB',
    invoice: 'Invoice',
    number: 'Invoice number',
    date: 'Invoice date',
    servicePeriod: 'Service period',
    serviceDate: 'Date of service',
    serviceDateIsInvoiceDate: 'same as invoice date',
    dueDate: 'Due date',
    paidOn: 'Paid on',
    paidMarker: 'PAID',
    voidMarker: 'VOID',
    voidNote: 'This invoice has been cancelled and is no longer payable.',
    continued: 'continued',
    taxNumber: 'Tax number',
    vatId: 'VAT ID',
    description: 'Description',
    quantity: 'Qty',
    unitNet: 'Unit price (net)',
    unitPrice: 'Unit price',
    net: 'Net',
    amount: 'Amount',
    taxRate: 'VAT',
    gross: 'Gross',
    netAtRate: (r) => `Net amount at ${r}`,
    taxAtRate: (r) => `VAT ${r}`,
    netTotal: 'Net amount',
    grossTotal: 'Total',
    transfer: (a, d) =>
      `Please transfer ${a}${d ? ` by ${d}` : ''} to the following account, quoting the invoice number:`,
    payableBy: (d) => `Payable by ${d}.`,
    holder: 'Account holder',
    iban: 'IBAN',
    bic: 'BIC',
    reference: 'Reference',
    page: (n, of) => `Page ${n} of ${of}`,
  },
  sv: {
    intl: 'sv-SE',
    invoice: 'Faktura',
    number: 'Fakturanummer',
    date: 'Fakturadatum',
    servicePeriod: 'Leveransperiod',
    serviceDate: 'Leveransdatum',
    serviceDateIsInvoiceDate: 'samma som fakturadatum',
    dueDate: 'Förfallodatum',
    paidOn: 'Betald den',
    paidMarker: 'BETALD',
    voidMarker: 'MAKULERAD',
    voidNote: 'Denna faktura är makulerad och ska inte betalas.',
    continued: 'fortsättning',
    taxNumber: 'Skattenummer',
    vatId: 'Momsreg.nr',
    description: 'Beskrivning',
    quantity: 'Antal',
    unitNet: 'À-pris exkl. moms',
    unitPrice: 'À-pris',
    net: 'Exkl. moms',
    amount: 'Belopp',
    taxRate: 'Moms',
    gross: 'Inkl. moms',
    netAtRate: (r) => `Summa exkl. moms (${r})`,
    taxAtRate: (r) => `Moms ${r}`,
    netTotal: 'Summa',
    grossTotal: 'Totalt',
    transfer: (a, d) =>
      `Vänligen betala ${a}${d ? ` senast ${d}` : ''} till följande konto och ange fakturanumret:`,
    payableBy: (d) => `Betalas senast ${d}.`,
    holder: 'Kontoinnehavare',
    iban: 'IBAN',
    bic: 'BIC',
    reference: 'Referens',
    page: (n, of) => `Sida ${n} av ${of}`,
  },
};

const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const ITALIC = 'Helvetica-Oblique';
const INK = '#1a1a1a';
const MUTED = '#5f6368';
const RULE = '#c8c8c8';
const VOID_RED = '#b3261e';
const PAID_GREEN = '#1e7b34';

const PAGE_W = 595.28;
const PAGE_H = 841.89;
const LEFT = 56.69; // 20 mm
const WIDTH = PAGE_W - 2 * LEFT;
const TOP = 50;
/** Content stops here; below is the footer. */
const LIMIT = PAGE_H - 78;
const SIDE_X = LEFT + WIDTH - 200;
const SIDE_W = 200;
const PAD_X = 3;
const PAD_Y = 4;
const TABLE_SIZE = 9;

/** Characters WinAnsi holds above Latin-1's range (pdfkit maps them to their code points). */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const NO_DECOMPOSITION: Record<string, string> = { ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ı: 'i', ħ: 'h', Ħ: 'H' };

/**
 * Makes a string drawable by the built-in fonts: pdfkit would write any other character as garbage.
 * Unicode minus and narrow spaces (Intl output) become their WinAnsi look-alikes, letters outside it
 * lose their accent (Ș → S), anything else becomes "?".
 */
export function pdfText(value: string): string {
  let out = '';
  for (const ch of value.normalize('NFC').replace(/\r\n?/g, '\n')) {
    const code = ch.codePointAt(0) ?? 0;
    if (
      ch === '\n' ||
      (code >= 0x20 && code < 0x7f) ||
      (code >= 0xa0 && code <= 0xff) ||
      WIN_ANSI_EXTRA.has(ch)
    ) {
      out += ch;
    } else if (ch === '\t') out += ' ';
    else if (ch === '\u2212' || ch === '\u2010' || ch === '\u2011') out += '-';
    else if (/[\u2000-\u200a\u202f\u205f]/.test(ch)) out += '\u00a0';
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0) || /[\u200b-\u200d\u2060\ufeff]/.test(ch)) {
      // control and zero-width characters are dropped
    } else {
      const base = NO_DECOMPOSITION[ch] ?? ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out += base.length === 1 && (base.codePointAt(0) ?? 0) <= 0xff ? base : '?';
    }
  }
  return out;
}

function formatters(labels: InvoiceLabels, currency: Currency) {
  const money = new Intl.NumberFormat(labels.intl, { style: 'currency', currency });
  const qty = new Intl.NumberFormat(labels.intl, { maximumFractionDigits: 3 });
  const pct = new Intl.NumberFormat(labels.intl, { style: 'percent', maximumFractionDigits: 2 });
  const day = new Intl.DateTimeFormat(labels.intl, {
    timeZone: 'Europe/Berlin',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  });
  return {
    // EUR, SEK and CHF all have two minor digits (ISO 4217)
    money: (minor: number) => pdfText(money.format(minor / 100)),
    qty: (n: number) => pdfText(qty.format(n)),
    rate: (bp: number) => pdfText(pct.format(bp / 10_000)),
    date: (d: Date) => pdfText(day.format(d)),
  };
}

type Formatters = ReturnType<typeof formatters>;

interface Column {
  label: string;
  width: number;
  cell: (line: InvoiceLine) => string;
}

function columns(labels: InvoiceLabels, f: Formatters, exempt: boolean): Column[] {
  const numeric: Column[] = exempt
    ? [
        { label: labels.quantity, width: 40, cell: (l) => f.qty(l.quantity) },
        { label: labels.unitPrice, width: 80, cell: (l) => f.money(l.unitNet) },
        { label: labels.amount, width: 84, cell: (l) => f.money(l.net) },
      ]
    : [
        { label: labels.quantity, width: 36, cell: (l) => f.qty(l.quantity) },
        { label: labels.unitNet, width: 74, cell: (l) => f.money(l.unitNet) },
        { label: labels.net, width: 74, cell: (l) => f.money(l.net) },
        { label: labels.taxRate, width: 42, cell: (l) => f.rate(l.taxRateBp) },
        { label: labels.gross, width: 76, cell: (l) => f.money(l.gross) },
      ];
  const rest = numeric.reduce((sum, c) => sum + c.width, 0);
  return [
    { label: labels.description, width: WIDTH - rest, cell: (l) => pdfText(l.description) },
    ...numeric,
  ];
}

function addressLines(party: InvoiceParty): string[] {
  return pdfText(party.address)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

function groupByRate(lines: InvoiceLine[]): { rateBp: number; net: number; tax: number }[] {
  const groups = new Map<number, { rateBp: number; net: number; tax: number }>();
  for (const line of lines) {
    const g = groups.get(line.taxRateBp) ?? { rateBp: line.taxRateBp, net: 0, tax: 0 };
    g.net += line.net;
    g.tax += line.tax;
    groups.set(line.taxRateBp, g);
  }
  return [...groups.values()].sort((a, b) => b.rateBp - a.rateBp);
}

function formatIban(iban: string): string {
  return iban
    .replace(/\s+/g, '')
    .toUpperCase()
    .replace(/(.{4})(?=.)/g, '$1 ');
}

/** pdfkit with the cursor and the invoice's words; the section functions below draw onto it in turn. */
interface Sheet {
  pdf: PDFKit.PDFDocument;
  invoice: InvoiceDocument;
  L: InvoiceLabels;
  f: Formatters;
  title: string;
  y: number;
}

function set(s: Sheet, font: string, size: number, color = INK) {
  s.pdf.font(font).fontSize(size).fillColor(color);
}

/** Draws wrapped text and returns the y below it. */
function write(
  s: Sheet,
  value: string,
  x: number,
  y: number,
  width: number,
  opts: PDFKit.Mixins.TextOptions = {},
) {
  const options = { width, lineGap: 1, ...opts };
  const height = opts.height ?? s.pdf.heightOfString(value, options);
  s.pdf.text(value, x, y, options);
  return y + height;
}

/** Draws one right-aligned line, shrinking the font when a large amount would not fit. */
function writeFit(s: Sheet, value: string, x: number, y: number, width: number, font: string, size: number) {
  set(s, font, size);
  const natural = s.pdf.widthOfString(value);
  if (natural > width) s.pdf.fontSize(Math.max(5, (size * width) / natural));
  s.pdf.text(value, x, y, { width, align: 'right', lineBreak: false });
}

function rule(s: Sheet, y: number, color = RULE, x = LEFT, width = WIDTH) {
  s.pdf
    .moveTo(x, y)
    .lineTo(x + width, y)
    .lineWidth(0.6)
    .strokeColor(color)
    .stroke();
}

function continueOnNewPage(s: Sheet) {
  s.pdf.addPage();
  set(s, REGULAR, 8.5, MUTED);
  s.pdf.text(`${pdfText(s.title)} (${s.L.continued})`, LEFT, TOP, { width: WIDTH, lineBreak: false });
  s.y = TOP + 22;
}

/** Letterhead, address field (DIN 5008) with the invoice facts beside it, and the title. */
function drawHead(s: Sheet) {
  const { invoice, L, f } = s;
  const seller = invoice.seller;
  set(s, BOLD, 18);
  const brandBottom = write(s, pdfText(invoice.communityName || seller.name), LEFT, TOP, SIDE_X - LEFT - 20);
  set(s, BOLD, 9);
  let y = write(s, pdfText(seller.name), SIDE_X, TOP, SIDE_W);
  set(s, REGULAR, 8.5, MUTED);
  const sellerDetails = [
    ...addressLines(seller),
    ...(seller.email ? [pdfText(seller.email)] : []),
    ...(seller.taxNumber ? [`${L.taxNumber}: ${pdfText(seller.taxNumber)}`] : []),
    ...(seller.vatId ? [`${L.vatId}: ${pdfText(seller.vatId)}`] : []),
  ];
  y = write(s, sellerDetails.join('\n'), SIDE_X, y + 1, SIDE_W);

  const addressTop = Math.max(TOP + 110, y + 20, brandBottom + 20);
  const buyerWidth = SIDE_X - LEFT - 30;
  set(s, REGULAR, 7, MUTED);
  const returnLine = [pdfText(seller.name), ...addressLines(seller)].join(' · ');
  s.pdf.text(returnLine, LEFT, addressTop, { width: buyerWidth, height: 9, ellipsis: true });
  set(s, BOLD, 10);
  let buyerY = write(s, pdfText(invoice.buyer.name), LEFT, addressTop + 14, buyerWidth);
  set(s, REGULAR, 10);
  buyerY = write(s, addressLines(invoice.buyer).join('\n'), LEFT, buyerY, buyerWidth);
  if (invoice.buyer.vatId) {
    set(s, REGULAR, 8.5, MUTED);
    buyerY = write(s, `${L.vatId}: ${pdfText(invoice.buyer.vatId)}`, LEFT, buyerY + 4, buyerWidth);
  }

  const facts: [string, string][] = [
    [L.number, pdfText(invoice.number)],
    [L.date, f.date(invoice.issuedAt)],
  ];
  const start = invoice.periodStart ?? invoice.periodEnd;
  const end = invoice.periodEnd ?? invoice.periodStart;
  if (!start || !end) facts.push([L.serviceDate, L.serviceDateIsInvoiceDate]);
  else if (f.date(start) === f.date(end)) facts.push([L.serviceDate, f.date(start)]);
  else facts.push([L.servicePeriod, `${f.date(start)} – ${f.date(end)}`]);
  if (invoice.status === 'open' && invoice.dueAt) facts.push([L.dueDate, f.date(invoice.dueAt)]);
  if (invoice.status === 'paid' && invoice.paidAt) facts.push([L.paidOn, f.date(invoice.paidAt)]);
  let factY = addressTop + 14;
  for (const [label, value] of facts) {
    set(s, REGULAR, 8.5, MUTED);
    const labelBottom = write(s, `${label}:`, SIDE_X, factY, 88);
    set(s, REGULAR, 8.5);
    factY = Math.max(labelBottom, write(s, value, SIDE_X + 90, factY, SIDE_W - 90)) + 2;
  }

  s.y = Math.max(buyerY, factY) + 26;
  set(s, BOLD, 16);
  const title = pdfText(s.title);
  s.pdf.text(title, LEFT, s.y, { width: WIDTH, lineBreak: false });
  const paid = invoice.status === 'paid' && invoice.paidAt;
  const marker = invoice.status === 'void' ? L.voidMarker : paid ? L.paidMarker : null;
  if (marker) {
    const color = invoice.status === 'void' ? VOID_RED : PAID_GREEN;
    const x = LEFT + Math.min(s.pdf.widthOfString(title) + 14, WIDTH - 110);
    set(s, BOLD, 10, color);
    s.pdf
      .rect(x, s.y + 1, s.pdf.widthOfString(marker) + 10, 16)
      .lineWidth(1)
      .strokeColor(color)
      .stroke();
    s.pdf.text(marker, x + 5, s.y + 5, { lineBreak: false });
  }
  s.y += 24;
  if (invoice.status === 'void') {
    set(s, BOLD, 9, VOID_RED);
    s.y = write(s, L.voidNote, LEFT, s.y, WIDTH) + 4;
  }
  s.y += 6;
}

/** The table of lines; rows that no longer fit go to a new page under a repeated header. */
function drawLines(s: Sheet, exempt: boolean) {
  const cols = columns(s.L, s.f, exempt);
  const header = () => {
    set(s, BOLD, 8);
    const height = Math.max(
      ...cols.map((c) => s.pdf.heightOfString(c.label, { width: c.width - 2 * PAD_X })),
    );
    s.pdf.rect(LEFT, s.y, WIDTH, height + 2 * PAD_Y).fill('#efefef');
    let x = LEFT;
    cols.forEach((c, i) => {
      set(s, BOLD, 8);
      s.pdf.text(c.label, x + PAD_X, s.y + PAD_Y, {
        width: c.width - 2 * PAD_X,
        align: i === 0 ? 'left' : 'right',
      });
      x += c.width;
    });
    s.y += height + 2 * PAD_Y;
  };
  const headerRoom = 40;
  if (s.y + headerRoom + 30 > LIMIT) continueOnNewPage(s);
  header();
  const [descCol, ...numCols] = cols as [Column, ...Column[]];
  const descWidth = descCol.width - 2 * PAD_X;
  // A description longer than a whole page is cut with an ellipsis rather than run off the page.
  const maxDescHeight = LIMIT - TOP - 22 - headerRoom - 2 * PAD_Y;
  for (const line of s.invoice.lines) {
    set(s, REGULAR, TABLE_SIZE);
    const description = descCol.cell(line);
    const natural = s.pdf.heightOfString(description, { width: descWidth, lineGap: 1 });
    const descHeight = Math.min(natural, maxDescHeight);
    const rowHeight = Math.max(descHeight, TABLE_SIZE + 2) + 2 * PAD_Y;
    if (s.y + rowHeight > LIMIT) {
      continueOnNewPage(s);
      header();
      set(s, REGULAR, TABLE_SIZE);
    }
    write(s, description, LEFT + PAD_X, s.y + PAD_Y, descWidth, { height: descHeight, ellipsis: true });
    let x = LEFT + descCol.width;
    for (const c of numCols) {
      writeFit(s, c.cell(line), x + PAD_X, s.y + PAD_Y, c.width - 2 * PAD_X, REGULAR, TABLE_SIZE);
      x += c.width;
    }
    s.y += rowHeight;
    rule(s, s.y);
  }
}

/** Net and tax per rate (or the exemption note instead of the tax) and the gross total, on one page. */
function drawTotals(s: Sheet, exempt: boolean) {
  const { invoice, L, f } = s;
  const note = pdfText(invoice.taxNote.trim());
  const rows: { label: string; value: string; strong?: boolean; note?: boolean }[] = [];
  if (exempt) {
    rows.push({ label: L.netTotal, value: f.money(invoice.netTotal) });
    rows.push({ label: note, value: '', note: true });
  } else {
    for (const g of groupByRate(invoice.lines)) {
      const rate = f.rate(g.rateBp);
      rows.push({ label: L.netAtRate(rate), value: f.money(g.net) });
      if (g.rateBp === 0 && note) rows.push({ label: note, value: '', note: true });
      else rows.push({ label: L.taxAtRate(rate), value: f.money(g.tax) });
    }
  }
  rows.push({ label: L.grossTotal, value: f.money(invoice.grossTotal), strong: true });

  const x = LEFT + WIDTH - 300;
  const style = (r: (typeof rows)[number]) => {
    set(s, r.note ? ITALIC : r.strong ? BOLD : REGULAR, r.strong ? 10.5 : 9, r.note ? MUTED : INK);
    return r.note ? 300 : 200;
  };
  const heightOf = (r: (typeof rows)[number]) =>
    s.pdf.heightOfString(r.label, { width: style(r), lineGap: 1 }) + (r.strong ? 10 : 5);
  if (s.y + rows.reduce((sum, r) => sum + heightOf(r), 12) > LIMIT) continueOnNewPage(s);
  s.y += 12;
  for (const r of rows) {
    const height = heightOf(r);
    if (r.strong) {
      rule(s, s.y - 2, INK, x, 300);
      s.y += 4;
    }
    write(s, r.label, x, s.y, style(r));
    if (r.value) writeFit(s, r.value, x + 200, s.y, 100, r.strong ? BOLD : REGULAR, r.strong ? 10.5 : 9);
    s.y += r.strong ? height - 4 : height;
  }
}

/** How to pay an open invoice: bank transfer details when there is an IBAN, else only the due date. */
function drawPayment(s: Sheet) {
  const { invoice, L, f } = s;
  const iban = invoice.payment.iban?.trim();
  if (invoice.status !== 'open' || (!iban && !invoice.dueAt)) return;
  const due = invoice.dueAt ? f.date(invoice.dueAt) : null;
  const intro = iban ? L.transfer(f.money(invoice.grossTotal), due) : L.payableBy(due ?? '');
  const bic = invoice.payment.bic?.trim();
  const details: [string, string][] = iban
    ? [
        [L.holder, pdfText(invoice.payment.holder?.trim() || invoice.seller.name)],
        [L.iban, pdfText(formatIban(iban))],
        ...(bic ? [[L.bic, pdfText(bic)] as [string, string]] : []),
        [L.reference, pdfText(invoice.payment.reference?.trim() || invoice.number)],
      ]
    : [];
  set(s, REGULAR, 9);
  const height = s.pdf.heightOfString(intro, { width: WIDTH, lineGap: 1 }) + details.length * 13 + 30;
  if (s.y + height > LIMIT) continueOnNewPage(s);
  s.y += 22;
  set(s, REGULAR, 9);
  s.y = write(s, intro, LEFT, s.y, WIDTH) + 6;
  for (const [label, value] of details) {
    set(s, REGULAR, 9, MUTED);
    s.pdf.text(`${label}:`, LEFT, s.y, { width: 110, lineBreak: false });
    set(s, label === L.iban ? BOLD : REGULAR, 9);
    s.y = write(s, value, LEFT + 112, s.y, WIDTH - 112) + 2;
  }
}

/** Once the page count is known: the void watermark and the footer with page numbers on every page. */
function decoratePages(s: Sheet) {
  const { pdf, invoice, L } = s;
  const range = pdf.bufferedPageRange();
  const seller = invoice.seller;
  const footer = [pdfText(seller.name), ...(seller.email ? [pdfText(seller.email)] : [])].join(' · ');
  for (let i = 0; i < range.count; i++) {
    pdf.switchToPage(range.start + i);
    // the footer sits in the bottom margin; without this pdfkit would open a new page for it
    pdf.page.margins.bottom = 0;
    if (invoice.status === 'void') {
      pdf.save();
      pdf.rotate(-35, { origin: [PAGE_W / 2, PAGE_H / 2] });
      set(s, BOLD, 80, VOID_RED);
      pdf.fillOpacity(0.12);
      pdf.text(L.voidMarker, 0, PAGE_H / 2 - 40, { width: PAGE_W, align: 'center', lineBreak: false });
      pdf.restore();
    }
    rule(s, PAGE_H - 58);
    set(s, REGULAR, 7.5, MUTED);
    pdf.text(footer, LEFT, PAGE_H - 50, { width: WIDTH - 90, height: 9, ellipsis: true });
    pdf.text(L.page(i + 1, range.count), LEFT + WIDTH - 90, PAGE_H - 50, {
      width: 90,
      align: 'right',
      lineBreak: false,
    });
  }
}

/** Renders the invoice as an A4 PDF; the same document and locale always give the same bytes. */
export function renderInvoicePdf(invoice: InvoiceDocument, locale: PageLocale): Promise<Buffer> {
  const L = LABELS[locale] ?? LABELS.de;
  const title = `${L.invoice} ${invoice.number}`;
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: TOP, bottom: 40, left: LEFT, right: LEFT },
    bufferPages: true,
    lang: L.intl,
    displayTitle: true,
    // a fixed creation date also fixes the file id, which pdfkit derives from the info dictionary
    info: {
      Title: title,
      Author: invoice.seller.name,
      Subject: `${title} – ${invoice.buyer.name}`,
      Creator: 'Treffpunkt',
      CreationDate: invoice.issuedAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const sheet: Sheet = { pdf, invoice, L, f: formatters(L, invoice.currency), title, y: TOP };
  // Small businesses (§ 19 UStG) and other exemptions: no rate column, the note replaces the tax line.
  const exempt =
    invoice.taxRateBp === 0 && invoice.taxNote.trim() !== '' && invoice.lines.every((l) => l.taxRateBp === 0);
  drawHead(sheet);
  drawLines(sheet, exempt);
  drawTotals(sheet, exempt);
  drawPayment(sheet);
  decoratePages(sheet);
  pdf.end();
  return done;
}
