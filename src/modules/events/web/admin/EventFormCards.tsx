import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { uploadFile } from '../../../../web/api.ts';
import { errorMessage } from '../../../../web/errors.ts';
import { Button, Card, Checkbox, ImagePicker, TextArea, TextField } from '../../../../web/ui/index.ts';
import { GrantPicker } from '../../../spaces/web/GrantPicker.tsx';
import { AUDIENCES, FORMATS } from '../../shared.ts';
import '../strings.ts';
import type { DraftForm } from '../../../../web/ui/useDraftForm.ts';
import type { EventDraft } from './eventDraft.ts';
import { Pair, PlaceFields, SpaceSelect, TimeRange, VideoFields, ZoneSelect } from './fields.tsx';
import { HostPicker } from './HostPicker.tsx';
import { RepeatBuilder } from './RepeatBuilder.tsx';

const k = 'events.host.form';

/** The sections of the event form, each on its own card. */
interface SectionProps {
  form: DraftForm<EventDraft>;
}

/** What it is: title, description and cover picture. */
export function WhatCard({ form }: SectionProps) {
  const { t } = useTranslation();
  const { d, set, ids, fields } = form;
  const [cover, setCover] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: (file: File) => uploadFile<{ url: string }>('/api/events/cover', file),
    onSuccess: (r) => {
      set('coverUrl', r.url);
      setCover(null);
    },
  });
  return (
    <Card title={t(`${k}.what`)} level={3}>
      <div className="stack" style={{ gap: '1rem' }}>
        <TextField
          {...form.text('title')}
          placeholder={t(`${k}.titlePlaceholder`)}
          required
          maxLength={140}
        />
        <TextArea {...form.text('description')} hint={t(`${k}.descriptionHint`)} rows={6} maxLength={20000} />
        <div className="stack" style={{ gap: '0.75rem' }} id={ids.coverUrl}>
          {d.coverUrl && (
            <div className="form-actions">
              <img
                src={d.coverUrl}
                alt={t(`${k}.coverCurrent`)}
                width={192}
                height={108}
                style={{ objectFit: 'cover', borderRadius: 8, border: '1px solid var(--border)' }}
              />
              <Button variant="ghost" size="sm" onClick={() => set('coverUrl', null)}>
                {t(`${k}.coverRemove`)}
              </Button>
            </div>
          )}
          <ImagePicker
            label={d.coverUrl ? t(`${k}.coverReplace`) : t(`${k}.cover`)}
            file={cover}
            onChange={(f) => {
              upload.reset();
              setCover(f);
            }}
            onUpload={(f) => upload.mutate(f)}
            uploading={upload.isPending}
          />
          {upload.isError && (
            <p className="field-error" role="alert">
              {errorMessage(upload.error, t)}
            </p>
          )}
          {fields.coverUrl && <p className="field-error">{fields.coverUrl}</p>}
        </div>
      </div>
    </Card>
  );
}

/** When: the first date, its times and zone, and how it repeats. */
export function WhenCard({ form }: SectionProps) {
  const { t } = useTranslation();
  const { d, ids } = form;
  return (
    <Card title={t(`${k}.when`)} level={3}>
      <div className="stack" style={{ gap: '1rem' }}>
        <Pair>
          <TextField {...form.text('date')} type="date" required />
          <ZoneSelect {...form.text('timeZone')} hint={t(`${k}.timeZoneHint`)} />
        </Pair>
        <TimeRange field={form.text} required />
        <Checkbox
          label={t(`${k}.multiDay`)}
          checked={d.multiDay}
          onChange={(e) =>
            form.setD((x) => ({
              ...x,
              multiDay: e.target.checked,
              endDate: x.endDate > x.date ? x.endDate : x.date,
            }))
          }
        />
        {d.multiDay && (
          <TextField
            {...form.text('endDate')}
            type="date"
            style={{ maxWidth: '12rem' }}
            min={d.date || undefined}
          />
        )}
        <RepeatBuilder
          value={d.repeat}
          onChange={(r) => form.set('repeat', r)}
          startDay={d.date}
          errors={form.fields}
          ids={{
            kind: `${form.uid}-repeat-kind`,
            interval: ids['repeat.interval']!,
            weekdays: ids['repeat.weekdays']!,
            until: ids['repeat.until']!,
            count: ids['repeat.count']!,
          }}
        />
        {d.repeat.kind !== 'none' && (
          <p className="field-hint" style={{ margin: 0 }}>
            {t(`${k}.breaksHint`)} <Link to="/admin/events/programme">{t(`${k}.toProgramme`)}</Link>
          </p>
        )}
      </div>
    </Card>
  );
}

/** Where it happens: online, on site or both, with the place and the video room. */
export function WhereCard({ form }: SectionProps) {
  const { t } = useTranslation();
  const { d } = form;
  return (
    <Card title={t(`${k}.where`)} level={3}>
      <div className="stack" style={{ gap: '1rem' }}>
        <fieldset className="kind-picker" id={form.ids.format}>
          <legend>{form.labels.format}</legend>
          <div className="kind-options">
            {FORMATS.map((f) => (
              <label key={f} className="kind-option">
                <input
                  type="radio"
                  name={`${form.uid}-format`}
                  value={f}
                  checked={d.format === f}
                  onChange={() => form.set('format', f)}
                />
                {t(`events.host.format.${f}`)}
              </label>
            ))}
          </div>
        </fieldset>
        {d.format !== 'online' && <PlaceFields field={form.text} map={form.text('mapUrl')} />}
        {d.format !== 'onsite' && <VideoFields field={form.text} detailed />}
      </div>
    </Card>
  );
}

/** For whom and with whom: the space, who may see and join, and the hosts. */
export function WhoCard({ form }: SectionProps) {
  const { t } = useTranslation();
  const { d, set, ids, fields } = form;
  return (
    <Card title={t(`${k}.who`)} level={3}>
      <div className="stack" style={{ gap: '1rem' }}>
        <SpaceSelect {...form.text('spaceId')} hint={t(`${k}.spaceHint`)} none={t(`${k}.noSpace`)} />
        <fieldset className="radio-stack" id={ids.audience}>
          <legend>{form.labels.audience}</legend>
          {AUDIENCES.map((a) => (
            <label key={a} className="radio-label">
              <input
                type="radio"
                name={`${form.uid}-audience`}
                value={a}
                checked={d.audience === a}
                onChange={() => set('audience', a)}
              />
              <span>
                {t(`events.host.audience.${a}`)}
                <span className="field-hint" style={{ display: 'block' }}>
                  {t(`events.host.audience.hint.${a}`)}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
        {d.audience === 'restricted' && (
          <GrantPicker
            id={ids.grants!}
            value={d.grants}
            onChange={(g) => set('grants', g)}
            error={fields.grants}
          />
        )}
        <HostPicker id={ids.hosts!} value={d.hosts} onChange={(h) => set('hosts', h)} error={fields.hosts} />
      </div>
    </Card>
  );
}

/** How people sign up: places (with a waitlist), guests and the deadline. */
export function SignupCard({ form }: SectionProps) {
  const { t } = useTranslation();
  return (
    <Card title={t(`${k}.signup`)} level={3}>
      <div className="stack" style={{ gap: '1rem' }}>
        <TextField
          {...form.text('capacity')}
          type="number"
          inputMode="numeric"
          min={1}
          style={{ maxWidth: '10rem' }}
          hint={t(`${k}.capacityHint`)}
          placeholder={t(`${k}.unlimited`)}
        />
        <TextField
          {...form.text('maxGuests')}
          type="number"
          inputMode="numeric"
          min={0}
          max={10}
          style={{ maxWidth: '8rem' }}
          hint={t(`${k}.maxGuestsHint`)}
        />
        <TextField
          {...form.text('deadlineHours', 'deadline')}
          inputMode="decimal"
          style={{ maxWidth: '8rem' }}
          hint={t(`${k}.deadlineHint`)}
        />
      </div>
    </Card>
  );
}
