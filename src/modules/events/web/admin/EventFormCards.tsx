import { useTranslation } from 'react-i18next';
import type { FieldErrors } from '../../../../web/errors.ts';
import { Card, Select, TextArea, TextField } from '../../../../web/ui/index.ts';
import type { VideoProvider } from '../../schema.ts';
import { FORMATS, VIDEO_PROVIDERS } from '../../shared.ts';
import '../strings.ts';
import type { EventDraft } from './eventDraft.ts';
import { Group } from './Group.tsx';

const k = 'events.host.form';

interface SectionProps {
  d: EventDraft;
  set: <K extends keyof EventDraft>(key: K, v: EventDraft[K]) => void;
  fields: FieldErrors;
  ids: Record<string, string>;
  labels: Record<string, string>;
}

/** Where it happens: online, on site or both, with the place and the video room. */
export function WhereCard({ d, set, fields, ids, labels, uid }: SectionProps & { uid: string }) {
  const { t } = useTranslation();
  const onsite = d.format !== 'online';
  const online = d.format !== 'onsite';
  return (
    <Card title={t(`${k}.where`)} level={3}>
      <div className="stack" style={{ gap: '1rem' }}>
        <fieldset className="kind-picker" id={ids.format}>
          <legend>{labels.format}</legend>
          <div className="kind-options">
            {FORMATS.map((f) => (
              <label key={f} className="kind-option">
                <input
                  type="radio"
                  name={`${uid}-format`}
                  value={f}
                  checked={d.format === f}
                  onChange={() => set('format', f)}
                />
                {t(`events.host.format.${f}`)}
              </label>
            ))}
          </div>
        </fieldset>
        {onsite && (
          <Group legend={t(`${k}.place`)}>
            <TextField
              id={ids.placeName}
              label={labels.placeName}
              placeholder={t(`${k}.placeNamePlaceholder`)}
              maxLength={200}
              value={d.placeName}
              onChange={(e) => set('placeName', e.target.value)}
              error={fields.placeName}
            />
            <TextArea
              id={ids.placeAddress}
              label={labels.placeAddress}
              rows={2}
              maxLength={500}
              autoComplete="street-address"
              value={d.placeAddress}
              onChange={(e) => set('placeAddress', e.target.value)}
              error={fields.placeAddress}
            />
            <TextField
              id={ids.mapUrl}
              type="url"
              label={labels.mapUrl}
              hint={t(`${k}.mapUrlHint`)}
              placeholder="https://"
              maxLength={2000}
              value={d.mapUrl}
              onChange={(e) => set('mapUrl', e.target.value)}
              error={fields.mapUrl}
            />
          </Group>
        )}
        {online && (
          <Group legend={t(`${k}.video`)}>
            <Select
              id={ids.videoProvider}
              label={labels.videoProvider}
              hint={t(`events.host.provider.hint.${d.videoProvider}`)}
              value={d.videoProvider}
              onChange={(e) => set('videoProvider', e.target.value as VideoProvider)}
              error={fields.videoProvider}
            >
              {VIDEO_PROVIDERS.map((p) => (
                <option key={p} value={p}>
                  {t(`events.host.provider.${p}`)}
                </option>
              ))}
            </Select>
            {d.videoProvider === 'link' && (
              <TextField
                id={ids.videoUrl}
                type="url"
                label={labels.videoUrl}
                hint={t(`${k}.videoUrlHint`)}
                placeholder="https://"
                required
                maxLength={2000}
                value={d.videoUrl}
                onChange={(e) => set('videoUrl', e.target.value)}
                error={fields.videoUrl}
              />
            )}
          </Group>
        )}
      </div>
    </Card>
  );
}

/** How people sign up: places (with a waitlist), guests and the deadline. */
export function SignupCard({ d, set, fields, ids, labels }: SectionProps) {
  const { t } = useTranslation();
  return (
    <Card title={t(`${k}.signup`)} level={3}>
      <div className="stack" style={{ gap: '1rem' }}>
        <TextField
          id={ids.capacity}
          type="number"
          inputMode="numeric"
          min={1}
          style={{ maxWidth: '10rem' }}
          label={labels.capacity}
          hint={t(`${k}.capacityHint`)}
          placeholder={t(`${k}.unlimited`)}
          value={d.capacity}
          onChange={(e) => set('capacity', e.target.value)}
          error={fields.capacity}
        />
        <TextField
          id={ids.maxGuests}
          type="number"
          inputMode="numeric"
          min={0}
          max={10}
          style={{ maxWidth: '8rem' }}
          label={labels.maxGuests}
          hint={t(`${k}.maxGuestsHint`)}
          value={d.maxGuests}
          onChange={(e) => set('maxGuests', e.target.value)}
          error={fields.maxGuests}
        />
        <TextField
          id={ids.deadline}
          inputMode="decimal"
          style={{ maxWidth: '8rem' }}
          label={labels.deadline}
          hint={t(`${k}.deadlineHint`)}
          value={d.deadlineHours}
          onChange={(e) => set('deadlineHours', e.target.value)}
          error={fields.deadline}
        />
      </div>
    </Card>
  );
}
