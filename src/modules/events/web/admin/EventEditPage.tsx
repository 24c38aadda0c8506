import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../../../web/api.ts';
import { errorMessage } from '../../../../web/errors.ts';
import { QueryError } from '../../../../web/guards.tsx';
import { useMe, useTitle } from '../../../../web/session.ts';
import { Alert, Card, Checkbox, ConfirmButton, Loading } from '../../../../web/ui/index.ts';
import type { EventDetail } from '../../schema.ts';
import '../strings.ts';
import { refreshEvents, useEvent, useEventSettings } from './data.ts';
import { EventForm } from './EventForm.tsx';
import { eventDraftOf } from './eventDraft.ts';
import { browserZone } from './format.ts';

const k = 'events.host.edit';

/** What the list shows after a save (router state, so a reload does not repeat it). */
export interface ListFlash {
  message: string;
  eventId?: string;
}

/** `/admin/events/new` and `/admin/events/:id/edit`. */
export default function EventEditPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const event = useEvent(id);
  const settings = useEventSettings();
  const me = useMe();
  useTitle(
    id
      ? event.data
        ? t(`${k}.titleEdit`, { title: event.data.title })
        : t(`${k}.titleEditPlain`)
      : t(`${k}.titleNew`),
  );

  if ((id && event.isPending) || settings.isPending || me.isPending) return <Loading />;
  if (id && event.isError) return <QueryError error={event.error} />;

  const initial = eventDraftOf(event.data, {
    timeZone: settings.data?.timeZone || browserZone(),
    videoProvider: settings.data?.defaultProvider ?? 'jitsi',
    host: me.data ? { id: me.data.id, name: me.data.name, image: me.data.image } : null,
  });

  return (
    <div className="stack">
      {event.data?.status === 'cancelled' && (
        <Alert tone="info" announce={false}>
          {t(`${k}.isCancelled`)}
        </Alert>
      )}
      <EventForm
        key={id ?? 'new'}
        event={event.data}
        initial={initial}
        onSaved={(saved) =>
          navigate('/admin/events', {
            state: {
              flash: {
                message: t(id ? `${k}.saved` : `${k}.created`, { title: saved.title }),
                eventId: saved.id,
              },
            },
          })
        }
      />
      {event.data && <DangerZone event={event.data} />}
    </div>
  );
}

/** Cancelling tells the people who are going; deleting removes the event and every date for good. */
function DangerZone({ event }: { event: EventDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [notify, setNotify] = useState(true);
  const path = `/api/events/${encodeURIComponent(event.id)}`;
  const cancel = useMutation({
    mutationFn: () => api.post<EventDetail>(`${path}/cancel`, { notify }),
    onSuccess: async (saved) => {
      await refreshEvents();
      navigate('/admin/events', {
        state: { flash: { message: t(`${k}.cancelled`, { title: saved.title }), eventId: saved.id } },
      });
    },
  });
  const remove = useMutation({
    mutationFn: () => api.delete(path),
    onSuccess: async () => {
      await refreshEvents();
      navigate('/admin/events', { state: { flash: { message: t(`${k}.deleted`, { title: event.title }) } } });
    },
  });
  return (
    <Card title={t(`${k}.more`)} level={3}>
      <div className="stack" style={{ gap: '1rem' }}>
        <p style={{ margin: 0 }}>
          <Link to={`/events/${encodeURIComponent(event.id)}`}>{t(`${k}.viewPublic`)}</Link>
        </p>
        {event.status !== 'cancelled' && (
          <div className="stack" style={{ gap: '0.5rem' }}>
            <p style={{ margin: 0 }}>{t(event.repeat ? `${k}.cancelSeriesLead` : `${k}.cancelLead`)}</p>
            <Checkbox
              label={t(`${k}.cancelNotify`)}
              checked={notify}
              onChange={(e) => setNotify(e.target.checked)}
            />
            <div className="form-actions">
              <ConfirmButton
                size="md"
                label={t(`${k}.cancel`)}
                question={t(`${k}.cancelQuestion`, { title: event.title })}
                confirmLabel={t(`${k}.cancelConfirm`)}
                loading={cancel.isPending}
                onConfirm={() => cancel.mutate()}
              />
            </div>
            {cancel.isError && (
              <p className="field-error" role="alert">
                {errorMessage(cancel.error, t)}
              </p>
            )}
          </div>
        )}
        <div className="stack" style={{ gap: '0.5rem' }}>
          <p style={{ margin: 0 }}>{t(`${k}.deleteLead`)}</p>
          <div className="form-actions">
            <ConfirmButton
              size="md"
              label={t(`${k}.delete`)}
              question={t(`${k}.deleteQuestion`, { title: event.title })}
              confirmLabel={t(`${k}.deleteConfirm`)}
              loading={remove.isPending}
              onConfirm={() => remove.mutate()}
            />
          </div>
          {remove.isError && (
            <p className="field-error" role="alert">
              {errorMessage(remove.error, t)}
            </p>
          )}
        </div>
      </div>
    </Card>
  );
}
