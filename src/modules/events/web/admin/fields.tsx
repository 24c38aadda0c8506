import type { ComponentProps, CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Select, TextArea, TextField } from '../../../../web/ui/index.ts';
import { VIDEO_PROVIDERS } from '../../shared.ts';
import '../strings.ts';
import { useSpaces } from './data.ts';
import { zoneOptions } from './format.ts';

/** A text field bound to a form's draft: id, label, value, change handler and message. */
export interface BoundField {
  id: string | undefined;
  label: string | undefined;
  value: string;
  onChange: (e: { target: { value: string } }) => void;
  error: string | undefined;
}

/** A form's `text` binder, for the field names a part of it uses. */
export type Bind<N extends string> = (name: N) => BoundField;

type SelectFieldProps = BoundField & Omit<ComponentProps<typeof Select>, keyof BoundField | 'children'>;

const k = 'events.host.form';

/** Two fields side by side (one above the other on a phone), aligned at their labels. */
export function Pair({ style, children }: { style?: CSSProperties; children: ReactNode }) {
  return (
    <div className="grid-2 tight" style={{ alignItems: 'start', ...style }}>
      {children}
    </div>
  );
}

/**
 * A group of fields with a legend (a fieldset without the browser's frame). `separated` draws a line
 * above it, for sub-sections inside a card.
 */
export function Group({
  legend,
  hint,
  error,
  id,
  separated = false,
  children,
}: {
  legend: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  id?: string;
  separated?: boolean;
  children: ReactNode;
}) {
  const hintId = id && hint ? `${id}-hint` : undefined;
  const errorId = id && error ? `${id}-error` : undefined;
  const set = (
    <fieldset
      id={id}
      className="radio-stack"
      style={{ display: 'grid', gap: '0.75rem' }}
      aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
    >
      <legend style={{ fontSize: '1.05rem', marginBottom: hint ? '0.2rem' : '0.5rem' }}>{legend}</legend>
      {hint && (
        <p className="field-hint" id={hintId} style={{ margin: 0 }}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={errorId} style={{ margin: 0 }}>
          {error}
        </p>
      )}
      {children}
    </fieldset>
  );
  // A fieldset draws its legend into its own top border, so the line belongs to a wrapper.
  return separated ? <div className="su-block">{set}</div> : set;
}

/** Start and end time of a day. */
export function TimeRange({
  field,
  required,
  style,
}: {
  field: Bind<'startTime' | 'endTime'>;
  required?: boolean;
  style?: CSSProperties;
}) {
  return (
    <Pair style={style}>
      <TextField {...field('startTime')} type="time" required={required} />
      <TextField {...field('endTime')} type="time" required={required} />
    </Pair>
  );
}

/** A select of fixed choices. */
export function Choices({
  options,
  ...props
}: SelectFieldProps & { options: { value: string; label: string }[] }) {
  return (
    <Select {...props}>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </Select>
  );
}

/** A space of the community, or none (`none` names that choice). */
export function SpaceSelect({ none, ...props }: SelectFieldProps & { none: string }) {
  const spaces = useSpaces();
  const options = (spaces.data ?? []).map((s) => ({ value: s.id, label: `${s.icon} ${s.name}` }));
  return <Choices {...props} options={[{ value: '', label: none }, ...options]} />;
}

/** A time zone, with the current value among the common ones. */
export function ZoneSelect(props: SelectFieldProps) {
  const { i18n } = useTranslation();
  return <Choices {...props} options={zoneOptions(i18n.resolvedLanguage ?? 'de', props.value)} />;
}

/** The kind of video room. */
export function ProviderSelect(props: SelectFieldProps) {
  const { t } = useTranslation();
  const options = VIDEO_PROVIDERS.map((p) => ({ value: p, label: t(`events.host.provider.${p}`) }));
  return <Choices {...props} options={options} />;
}

/**
 * The place of an event or of one date. With `map` (the event form) it also asks for a map link and
 * offers an example name and the address's autofill.
 */
export function PlaceFields({ field, map }: { field: Bind<'placeName' | 'placeAddress'>; map?: BoundField }) {
  const { t } = useTranslation();
  return (
    <Group legend={t(`${k}.place`)}>
      <TextField
        {...field('placeName')}
        placeholder={map ? t(`${k}.placeNamePlaceholder`) : undefined}
        maxLength={200}
      />
      <TextArea
        {...field('placeAddress')}
        rows={2}
        maxLength={500}
        autoComplete={map ? 'street-address' : undefined}
      />
      {map && (
        <TextField {...map} type="url" hint={t(`${k}.mapUrlHint`)} placeholder="https://" maxLength={2000} />
      )}
    </Group>
  );
}

/**
 * The video room of an event or of one date: its kind, and the address for an own link. `detailed`
 * (the event form) explains each kind and who sees the link.
 */
export function VideoFields({
  field,
  detailed = false,
}: {
  field: Bind<'videoProvider' | 'videoUrl'>;
  detailed?: boolean;
}) {
  const { t } = useTranslation();
  const provider = field('videoProvider');
  return (
    <Group legend={t(`${k}.video`)}>
      <ProviderSelect
        {...provider}
        hint={detailed ? t(`events.host.provider.hint.${provider.value}`) : undefined}
      />
      {provider.value === 'link' && (
        <TextField
          {...field('videoUrl')}
          type="url"
          hint={detailed ? t(`${k}.videoUrlHint`) : undefined}
          placeholder="https://"
          required={detailed || undefined}
          maxLength={2000}
        />
      )}
    </Group>
  );
}
