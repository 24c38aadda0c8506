import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { FieldErrors } from '../../../../web/errors.ts';
import { Select, TextField } from '../../../../web/ui/index.ts';
import type { Repeat } from '../../schema.ts';
import '../strings.ts';
import { Group } from './fields.tsx';
import { formats, parseWhole, positionInMonth, repeatSummary, weekdayName, weekdayOf } from './format.ts';

export type RepeatKind = 'none' | 'daily' | 'weekly' | 'monthly';
export interface RepeatDraft {
  kind: RepeatKind;
  interval: string;
  weekdays: number[];
  /** Monthly: the same day of the month, the n-th weekday, or the last weekday (all from the start date). */
  monthly: 'day' | 'nth' | 'last';
  end: 'never' | 'until' | 'count';
  until: string;
  count: string;
}

export function repeatDraftOf(r: Repeat | null, startDay: string): RepeatDraft {
  return {
    kind: r?.freq ?? 'none',
    interval: String(r?.interval ?? 1),
    weekdays: r?.freq === 'weekly' ? (r.weekdays.length ? r.weekdays : [weekdayOf(startDay)]) : [],
    monthly: r?.setPos === -1 ? 'last' : r?.setPos ? 'nth' : 'day',
    end: r?.until ? 'until' : r?.count ? 'count' : 'never',
    until: r?.until ?? '',
    count: r?.count ? String(r.count) : '',
  };
}

const k = 'events.host.repeat';

/** The rule the API takes, and the problems that keep it from being one (keys `repeat.*`). */
export function repeatOf(
  d: RepeatDraft,
  startDay: string,
  t: TFunction,
): { repeat: Repeat | null; errors: FieldErrors } {
  if (d.kind === 'none') return { repeat: null, errors: {} };
  const errors: FieldErrors = {};
  const interval = parseWhole(d.interval);
  if (typeof interval !== 'number' || interval < 1 || interval > 12)
    errors['repeat.interval'] = t(`${k}.intervalInvalid`);
  const count = parseWhole(d.count);
  if (d.end === 'until') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d.until)) errors['repeat.until'] = t('validation.required');
    else if (startDay && d.until < startDay) errors['repeat.until'] = t(`${k}.untilBeforeStart`);
  }
  if (d.end === 'count' && (typeof count !== 'number' || count < 1 || count > 500)) {
    errors['repeat.count'] = t(`${k}.countInvalid`);
  }
  const pos = startDay ? positionInMonth(startDay) : { nth: 1, last: false };
  const weekday = startDay ? weekdayOf(startDay) : 0;
  let setPos: Repeat['setPos'] = null;
  if (d.kind === 'monthly' && d.monthly === 'last' && pos.last) setPos = -1;
  else if (d.kind === 'monthly' && d.monthly === 'nth' && pos.nth <= 4) setPos = pos.nth as 1 | 2 | 3 | 4;
  const weekdays =
    d.kind === 'weekly'
      ? [...new Set(d.weekdays)].sort()
      : d.kind === 'monthly' && setPos !== null
        ? [weekday]
        : [];
  return {
    repeat: {
      freq: d.kind,
      interval: typeof interval === 'number' ? interval : 1,
      weekdays,
      setPos,
      until: d.end === 'until' && d.until ? d.until : null,
      count: d.end === 'count' && typeof count === 'number' ? count : null,
    },
    errors,
  };
}

/**
 * How an event repeats, in the words a host would use ("every 2 weeks on Tuesday, until 30 June"),
 * with a live sentence that says what the calendar will show.
 */
export function RepeatBuilder({
  value,
  onChange,
  startDay,
  errors,
  ids,
}: {
  value: RepeatDraft;
  onChange: (d: RepeatDraft) => void;
  startDay: string;
  errors: FieldErrors;
  ids: { kind: string; interval: string; weekdays: string; until: string; count: string };
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'de';
  const set = <K extends keyof RepeatDraft>(key: K, v: RepeatDraft[K]) => onChange({ ...value, [key]: v });
  const startWeekday = startDay ? weekdayOf(startDay) : 0;
  const pos = startDay ? positionInMonth(startDay) : { nth: 1, last: false };
  const { repeat } = repeatOf(value, startDay, t);
  // A choice the new start date does not offer ("the 5th Tuesday") falls back to the same day.
  const monthly =
    (value.monthly === 'nth' && pos.nth > 4) || (value.monthly === 'last' && !pos.last)
      ? 'day'
      : value.monthly;
  const summary = repeat && startDay ? repeatSummary(repeat, startDay, t, locale) : null;
  const f = formats(locale);

  return (
    <Group separated legend={t(`${k}.legend`)}>
      <Select
        id={ids.kind}
        label={t(`${k}.kind`)}
        value={value.kind}
        onChange={(e) => {
          const kind = e.target.value as RepeatKind;
          onChange({
            ...value,
            kind,
            // "Every 2" means something else for days, weeks and months: start again from 1.
            interval: kind === value.kind ? value.interval : '1',
            // A fresh weekly rule starts on the first date's weekday.
            weekdays: kind === 'weekly' && value.weekdays.length === 0 ? [startWeekday] : value.weekdays,
          });
        }}
      >
        {(['none', 'daily', 'weekly', 'monthly'] as const).map((x) => (
          <option key={x} value={x}>
            {t(`${k}.kinds.${x}`)}
          </option>
        ))}
      </Select>
      {value.kind !== 'none' && (
        <>
          <TextField
            id={ids.interval}
            type="number"
            inputMode="numeric"
            min={1}
            max={12}
            style={{ maxWidth: '8rem' }}
            label={t(`${k}.interval.${value.kind}`)}
            hint={t(`${k}.intervalHint.${value.kind}`)}
            value={value.interval}
            onChange={(e) => set('interval', e.target.value)}
            error={errors['repeat.interval']}
          />
          {value.kind === 'weekly' && (
            <fieldset
              className="kind-picker"
              id={ids.weekdays}
              aria-describedby={`${ids.weekdays}-hint${errors['repeat.weekdays'] ? ` ${ids.weekdays}-error` : ''}`}
            >
              <legend>{t(`${k}.weekdays`)}</legend>
              <p className="field-hint" id={`${ids.weekdays}-hint`} style={{ marginTop: 0 }}>
                {t(`${k}.weekdaysHint`)}
              </p>
              {errors['repeat.weekdays'] && (
                <p className="field-error" id={`${ids.weekdays}-error`}>
                  {errors['repeat.weekdays']}
                </p>
              )}
              <div className="kind-options">
                {[0, 1, 2, 3, 4, 5, 6].map((i) => (
                  <label key={i} className="kind-option">
                    <input
                      type="checkbox"
                      checked={value.weekdays.includes(i)}
                      onChange={(e) =>
                        set(
                          'weekdays',
                          e.target.checked ? [...value.weekdays, i] : value.weekdays.filter((x) => x !== i),
                        )
                      }
                    />
                    {weekdayName(i, locale)}
                  </label>
                ))}
              </div>
            </fieldset>
          )}
          {value.kind === 'monthly' && (
            <fieldset className="radio-stack">
              <legend>{t(`${k}.monthlyLegend`)}</legend>
              <label className="radio-label">
                <input
                  type="radio"
                  name={`${ids.kind}-monthly`}
                  checked={monthly === 'day'}
                  onChange={() => set('monthly', 'day')}
                />
                {t(`${k}.monthlyDay`, { day: startDay ? Number(startDay.slice(8, 10)) : 1 })}
              </label>
              {pos.nth <= 4 && (
                <label className="radio-label">
                  <input
                    type="radio"
                    name={`${ids.kind}-monthly`}
                    checked={monthly === 'nth'}
                    onChange={() => set('monthly', 'nth')}
                  />
                  {t(`${k}.monthlyNth`, {
                    pos: t(`${k}.summary.pos${pos.nth}`),
                    weekday: weekdayName(startWeekday, locale),
                  })}
                </label>
              )}
              {pos.last && (
                <label className="radio-label">
                  <input
                    type="radio"
                    name={`${ids.kind}-monthly`}
                    checked={monthly === 'last'}
                    onChange={() => set('monthly', 'last')}
                  />
                  {t(`${k}.monthlyNth`, {
                    pos: t(`${k}.summary.posLast`),
                    weekday: weekdayName(startWeekday, locale),
                  })}
                </label>
              )}
              <p className="field-hint">{t(`${k}.monthlyHint`)}</p>
            </fieldset>
          )}
          <fieldset className="radio-stack">
            <legend>{t(`${k}.endLegend`)}</legend>
            {(['never', 'until', 'count'] as const).map((x) => (
              <label key={x} className="radio-label">
                <input
                  type="radio"
                  name={`${ids.kind}-end`}
                  checked={value.end === x}
                  onChange={() => set('end', x)}
                />
                {t(`${k}.end.${x}`)}
              </label>
            ))}
          </fieldset>
          {value.end === 'until' && (
            <TextField
              id={ids.until}
              type="date"
              style={{ maxWidth: '12rem' }}
              label={t(`${k}.until`)}
              hint={t(`${k}.untilHint`)}
              min={startDay || undefined}
              value={value.until}
              onChange={(e) => set('until', e.target.value)}
              error={errors['repeat.until']}
            />
          )}
          {value.end === 'count' && (
            <TextField
              id={ids.count}
              type="number"
              inputMode="numeric"
              min={1}
              max={500}
              style={{ maxWidth: '8rem' }}
              label={t(`${k}.count`)}
              value={value.count}
              onChange={(e) => set('count', e.target.value)}
              error={errors['repeat.count']}
            />
          )}
        </>
      )}
      <p id={`${ids.kind}-summary`} className="alert alert-info" aria-live="polite" style={{ margin: 0 }}>
        {summary ?? (startDay ? t(`${k}.once`, { date: f.weekdayDay(startDay) }) : t(`${k}.pickDate`))}
      </p>
    </Group>
  );
}
