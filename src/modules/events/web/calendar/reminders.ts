import type { TFunction } from 'i18next';

/** The reminder times members pick from: 1 week, 1 day, 3 hours, 1 hour, 15 minutes before. */
export const REMINDER_PRESETS = [10080, 1440, 180, 60, 15] as const;
/** The API takes at most five. */
export const MAX_REMINDERS = 5;

/** "1 Woche vorher", "3 Stunden vorher", "15 Minuten vorher". */
export function offsetLabel(t: TFunction, minutes: number): string {
  const p = 'events.calendar.offsets';
  if (minutes % 10080 === 0) return t(`${p}.weeks`, { count: minutes / 10080 });
  if (minutes % 1440 === 0) return t(`${p}.days`, { count: minutes / 1440 });
  if (minutes % 60 === 0) return t(`${p}.hours`, { count: minutes / 60 });
  return t(`${p}.minutes`, { count: minutes });
}
