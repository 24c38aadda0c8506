import { type ReactNode, useId, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Hand-drawn SVG charts for the memberships dashboard. The SVG is drawn at the width of its container
 * (measured), so text stays readable from 360 px phones to wide screens; screen readers get a summary as
 * the image's name and every number in the table below it.
 */

export interface Series {
  key: string;
  label: string;
  color: string;
  values: number[];
}

export interface ChartProps {
  /** The visible heading (h3) and the table's caption. */
  title: string;
  /** One or two sentences that say what the chart shows: the image's accessible name. */
  summary: string;
  /** Labels of the x axis (short: "Nov. 26") and of the table rows (long: "November 2026"). */
  labels: string[];
  rowLabels: string[];
  series: Series[];
  kind: 'stacked' | 'grouped' | 'line' | 'bars';
  /** A value as the table shows it. */
  format: (v: number) => string;
  /** An axis tick as the y axis shows it. */
  tick: (v: number) => string;
  /** Ticks are multiples of this (1 for counts, 100 for money in minor units). */
  unit?: number;
  /** A total column in the table (stacked charts). */
  totalLabel?: string;
  /** Shown instead of the plot when every value is zero. */
  emptyText: string;
  testId?: string;
}

/** Colours that keep 3:1 against white and stay apart for the common colour-vision deficiencies. */
export const PALETTE = [
  '#1d4f91',
  '#c2410c',
  '#0f766e',
  '#9d174d',
  '#6d28d9',
  '#4d7c0f',
  '#475569',
  '#a16207',
];

const AXIS = '#545d68';
const GRID = '#e3e6ea';

/** Round steps (1, 2, 2.5, 5 × 10ⁿ units) so that about four ticks cover the largest value. */
export function niceTicks(max: number, unit = 1, count = 4): number[] {
  const top = Math.max(max / unit, 1);
  const raw = top / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 2.5, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow);
  // 2.5 is only nice above 10 units; below it would give fractional ticks for counts.
  const clean = step < 10 && step % 1 !== 0 ? Math.ceil(step) : step;
  const ticks: number[] = [];
  for (let v = 0; v < top + clean; v += clean) {
    ticks.push(v * unit);
    if (v >= top) break;
  }
  return ticks;
}

function useWidth<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w) setWidth(Math.floor(w));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width] as const;
}

/** A table that may scroll sideways on small screens: a named region that keyboard users can scroll. */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
    <section className="table-wrap ms-scroll" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}

export function Chart(props: ChartProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const [box, width] = useWidth<HTMLDivElement>();
  const { title, series, labels, rowLabels, format, totalLabel, emptyText, testId } = props;
  const empty = series.every((s) => s.values.every((v) => v === 0));
  const height = width && width < 480 ? 210 : 250;
  return (
    <figure className="ms-chart" aria-labelledby={headingId} data-testid={testId}>
      <h3 id={headingId} className="ms-chart-title">
        {title}
      </h3>
      {series.length > 1 && (
        <ul className="ms-legend">
          {series.map((s) => (
            <li key={s.key}>
              <span className="ms-swatch" style={{ background: s.color }} aria-hidden="true" />
              {s.label}
            </li>
          ))}
        </ul>
      )}
      <div ref={box} className="ms-chart-box" style={{ minHeight: empty ? undefined : height }}>
        {empty ? (
          <p className="muted ms-chart-empty">{emptyText}</p>
        ) : (
          width > 0 && <Plot {...props} width={width} height={height} />
        )}
      </div>
      <details className="ms-chart-data">
        <summary>{t('memberships.people.dashboard.showTable')}</summary>
        <TableWrap label={title}>
          <table className="table ms-num-table">
            <caption className="sr-only">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('memberships.people.dashboard.month')}</th>
                {series.map((s) => (
                  <th scope="col" key={s.key}>
                    {s.label}
                  </th>
                ))}
                {totalLabel && <th scope="col">{totalLabel}</th>}
              </tr>
            </thead>
            <tbody>
              {rowLabels.map((row, i) => (
                <tr key={labels[i] ?? row}>
                  <th scope="row">{row}</th>
                  {series.map((s) => (
                    <td key={s.key}>{format(s.values[i] ?? 0)}</td>
                  ))}
                  {totalLabel && <td>{format(series.reduce((a, s) => a + (s.values[i] ?? 0), 0))}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </details>
    </figure>
  );
}

function Plot({
  summary,
  labels,
  series,
  kind,
  tick,
  format,
  unit = 1,
  width,
  height,
}: ChartProps & { width: number; height: number }) {
  const titleId = useId();
  const n = labels.length;
  const totals = labels.map((_, i) =>
    kind === 'stacked'
      ? series.reduce((a, s) => a + (s.values[i] ?? 0), 0)
      : Math.max(...series.map((s) => s.values[i] ?? 0)),
  );
  const ticks = niceTicks(Math.max(...totals, 0), unit);
  const top = ticks[ticks.length - 1] ?? 1;
  const tickTexts = ticks.map(tick);
  // Room for the longest tick label (about 7 px a character at 12 px).
  const left = Math.max(...tickTexts.map((s) => s.length)) * 7 + 12;
  const margin = { top: 10, right: 8, bottom: 26, left };
  const plotW = Math.max(width - margin.left - margin.right, 10);
  const plotH = height - margin.top - margin.bottom;
  const band = plotW / n;
  const x = (i: number) => margin.left + i * band;
  const y = (v: number) => margin.top + plotH - (v / top) * plotH;
  // A label needs about 48 px; on narrow screens every second or third month is named.
  const every = Math.max(1, Math.ceil(48 / band));
  const lastLabelled = (n - 1) % every;

  const marks: ReactNode[] = [];
  const barW = Math.min(band * 0.7, 56);
  labels.forEach((label, i) => {
    const x0 = x(i) + (band - barW) / 2;
    if (kind === 'stacked') {
      let acc = 0;
      for (const s of series) {
        const v = s.values[i] ?? 0;
        if (v > 0) {
          marks.push(
            <rect
              key={`${s.key}-${label}`}
              x={x0}
              width={barW}
              y={y(acc + v)}
              height={y(acc) - y(acc + v)}
              fill={s.color}
              stroke="#fff"
              strokeWidth={1}
            >
              <title>{`${label} – ${s.label}: ${format(v)}`}</title>
            </rect>,
          );
        }
        acc += v;
      }
    } else if (kind === 'grouped' || kind === 'bars') {
      const w = barW / series.length;
      series.forEach((s, k) => {
        const v = s.values[i] ?? 0;
        if (v <= 0) return;
        marks.push(
          <rect
            key={`${s.key}-${label}`}
            x={x0 + k * w}
            width={Math.max(w - 1, 1)}
            y={y(v)}
            height={y(0) - y(v)}
            fill={s.color}
          >
            <title>{`${label} – ${s.label}: ${format(v)}`}</title>
          </rect>,
        );
      });
    }
  });
  if (kind === 'line') {
    for (const s of series) {
      const pts = s.values.map((v, i) => [x(i) + band / 2, y(v)] as const);
      const line = pts.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ');
      const first = pts[0];
      const last = pts[pts.length - 1];
      if (first && last) {
        marks.push(
          <polygon
            key={`${s.key}-area`}
            points={`${first[0].toFixed(1)},${y(0)} ${line} ${last[0].toFixed(1)},${y(0)}`}
            fill={s.color}
            opacity={0.1}
          />,
          <polyline
            key={`${s.key}-line`}
            points={line}
            fill="none"
            stroke={s.color}
            strokeWidth={2.5}
            strokeLinejoin="round"
          />,
        );
      }
      pts.forEach(([px, py], i) => {
        marks.push(
          <circle
            key={`${s.key}-${labels[i]}`}
            cx={px}
            cy={py}
            r={3.5}
            fill="#fff"
            stroke={s.color}
            strokeWidth={2}
          >
            <title>{`${labels[i]} – ${s.label}: ${format(s.values[i] ?? 0)}`}</title>
          </circle>,
        );
      });
    }
  }

  return (
    <svg
      role="img"
      aria-labelledby={titleId}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      height={height}
      className="ms-chart-svg"
      preserveAspectRatio="xMinYMin meet"
    >
      <title id={titleId}>{summary}</title>
      {ticks.map((v, i) => (
        <g key={v}>
          <line
            x1={margin.left}
            x2={width - margin.right}
            y1={y(v)}
            y2={y(v)}
            stroke={i === 0 ? AXIS : GRID}
            strokeWidth={1}
          />
          <text x={margin.left - 6} y={y(v)} dy="0.32em" textAnchor="end" fontSize={12} fill={AXIS}>
            {tickTexts[i]}
          </text>
        </g>
      ))}
      {marks}
      {labels.map((label, i) => {
        if (i % every !== lastLabelled) return null;
        // Keep the outermost labels inside the drawing (about 6.5 px a character).
        const half = (label.length * 6.5) / 2;
        const cx = Math.min(Math.max(x(i) + band / 2, margin.left + half), width - half - 1);
        return (
          <text key={label} x={cx} y={height - 8} textAnchor="middle" fontSize={12} fill={AXIS}>
            {label}
          </text>
        );
      })}
    </svg>
  );
}
