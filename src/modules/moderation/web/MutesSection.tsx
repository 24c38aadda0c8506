import { useMutation, useQuery } from '@tanstack/react-query';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../web/api.ts';
import { errorMessage } from '../../../web/errors.ts';
import { QueryError } from '../../../web/guards.tsx';
import { queryClient } from '../../../web/session.ts';
import { Avatar, Button, Card, Loading } from '../../../web/ui/index.ts';
import { type Mute, modKeys, SPACES_KEY } from './data.ts';

/** The members I muted or blocked, each with "Aufheben"; a card any settings page can show. */
export function MutesSection({ title }: { title?: string }) {
  const { t, i18n } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  const mutes = useQuery({
    queryKey: modKeys.mutes,
    queryFn: ({ signal }) => api.get<{ items: Mute[] }>('/api/me/mutes', signal).then((r) => r.items),
  });
  const lift = useMutation({
    mutationFn: (userId: string) => api.delete(`/api/me/mutes/${encodeURIComponent(userId)}`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: modKeys.mutes });
      void queryClient.invalidateQueries({ queryKey: SPACES_KEY });
      heading.current?.focus();
    },
  });
  const date = new Intl.DateTimeFormat(i18n.resolvedLanguage, { dateStyle: 'medium' });
  return (
    <Card aria-labelledby="mutes-heading" data-testid="mutes">
      <h2 id="mutes-heading" className="card-title" ref={heading} tabIndex={-1}>
        {title ?? t('moderation.mutes.title')}
      </h2>
      <p className="card-description">{t('moderation.mutes.lead')}</p>
      {lift.isError && (
        <p className="field-error" role="alert">
          {errorMessage(lift.error, t)}
        </p>
      )}
      {mutes.isPending ? (
        <Loading />
      ) : mutes.isError ? (
        <QueryError error={mutes.error} />
      ) : mutes.data.length === 0 ? (
        <p className="muted">{t('moderation.mutes.empty')}</p>
      ) : (
        <ul className="list">
          {mutes.data.map((m) => (
            <li key={m.userId} data-testid="mute-row">
              <Avatar name={m.name} src={m.image} size={36} />
              <div className="list-main">
                <p className="list-title">
                  {m.name} <span className="badge">{t(`moderation.mutes.kind_${m.kind}`)}</span>
                </p>
                <p className="list-meta">
                  {t(`moderation.mute.explain_${m.kind}`)} · {t('moderation.mutes.since', { date: date.format(new Date(m.createdAt)) })}
                </p>
              </div>
              <Button variant="secondary" size="sm" loading={lift.isPending && lift.variables === m.userId} onClick={() => lift.mutate(m.userId)}>
                {t('moderation.mutes.lift')}
                <span className="sr-only"> {m.name}</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
