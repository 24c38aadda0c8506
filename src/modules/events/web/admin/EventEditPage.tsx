import { useMutation } from '@tanstack/react-query';
import { type ReactNode, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../../../web/api.ts';
import { errorMessage } from '../../../../web/errors.ts';
import { QueryError } from '../../../../web/guards.tsx';
import { useMe, useTitle } from '../../../../web/session.ts';
import { Alert, Button, Card, Checkbox, ConfirmButton, Loading } from '../../../../web/ui/index.ts';
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

/** Cancelling tells the people who are going and can be taken back; deleting removes the event and every date for good. */
function DangerZone({ event }: { event: EventDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const uid = useId();
  const [notify, setNotify] = useState(true);
  const cancelled = event.status === 'cancelled';
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
  const reopen = useMutation({
    mutationFn: () => api.post<EventDetail>(`${path}/reopen`),
    onSuccess: refreshEvents,
  });
  const reopened = reopen.isSuccess && !cancelled;
  // The button goes with the cancellation: focus moves to the sentence that says what happened.
  useEffect(() => {
    if (reopened) document.getElementById(`${uid}-reopened`)?.focus();
  }, [reopened, uid]);
  const remove = useMutation({
    mutationFn: () => api.delete(path),
    onSuccess: async () => {
      await refreshEvents();
      navigate('/admin/events', { state: { flash: { message: t(`${k}.deleted`, { title: event.title }) } } });
    },
  });
  return (
    <Card title={t(cancelled ? `${k}.moreCancelled` : `${k}.more`)} level={3}>
      <div className="stack" style={{ gap: '1rem' }}>
        <p style={{ margin: 0 }}>
          <Link to={`/events/${encodeURIComponent(event.id)}`}>{t(`${k}.viewPublic`)}</Link>
        </p>
        {reopened && (
          <div id={`${uid}-reopened`} tabIndex={-1} data-testid="event-reopened">
            <Alert tone="success" announce={false}>
              {t(`${k}.reopened`, { title: event.title })}
            </Alert>
          </div>
        )}
        {cancelled ? (
          <Action lead={t(event.repeat ? `${k}.reopenSeriesLead` : `${k}.reopenLead`)} failed={reopen.error}>
            <Button variant="secondary" loading={reopen.isPending} onClick={() => reopen.mutate()}>
              {t(`${k}.reopen`)}
            </Button>
          </Action>
        ) : (
          <Action
            lead={t(event.repeat ? `${k}.cancelSeriesLead` : `${k}.cancelLead`)}
            failed={cancel.error}
            options={
              <Checkbox
                label={t(`${k}.cancelNotify`)}
                checked={notify}
                onChange={(e) => setNotify(e.target.checked)}
              />
            }
          >
            <ConfirmButton
              size="md"
              label={t(`${k}.cancel`)}
              question={t(`${k}.cancelQuestion`, { title: event.title })}
              confirmLabel={t(`${k}.cancelConfirm`)}
              loading={cancel.isPending}
              onConfirm={() => cancel.mutate()}
            />
          </Action>
        )}
        <Action lead={t(`${k}.deleteLead`)} failed={remove.error}>
          <ConfirmButton
            size="md"
            label={t(`${k}.delete`)}
            question={t(`${k}.deleteQuestion`, { title: event.title })}
            confirmLabel={t(`${k}.deleteConfirm`)}
            loading={remove.isPending}
            onConfirm={() => remove.mutate()}
          />
        </Action>
      </div>
    </Card>
  );
}

/** One of the card's actions: what it does, its options, its button, and why it failed. */
function Action({
  lead,
  options,
  failed,
  children,
}: {
  lead: string;
  options?: ReactNode;
  failed: unknown;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="stack" style={{ gap: '0.5rem' }}>
      <p style={{ margin: 0 }}>{lead}</p>
      {options}
      <div className="form-actions">{children}</div>
      {failed ? (
        <p className="field-error" role="alert">
          {errorMessage(failed, t)}
        </p>
      ) : null}
    </div>
  );
}
