import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../web/api.ts';
import { errorMessage } from '../../../web/errors.ts';
import { QueryError } from '../../../web/guards.tsx';
import { isAdmin, queryClient, useMe, useTitle } from '../../../web/session.ts';
import { Alert, Card, Checkbox, Loading, Spinner } from '../../../web/ui/index.ts';
import { modKeys, useModerationSettings } from './data.ts';

/** `/moderation/settings`: first-post approval; hosts (admins) change it, moderators see how it is set. */
export default function ModerationSettingsPage() {
  const { t } = useTranslation();
  useTitle(t('moderation.settings.title'));
  const me = useMe().data;
  const settings = useModerationSettings();
  const canChange = isAdmin(me?.role);
  // The box follows the click at once (a controlled input must not wait for the request); errors undo it.
  const [chosen, setChosen] = useState<boolean | null>(null);
  const save = useMutation({
    mutationFn: (approveFirstPosts: boolean) =>
      api.put<{ approveFirstPosts: boolean }>('/api/moderation/settings', { approveFirstPosts }),
    onError: () => setChosen(null),
    onSuccess: (data) => {
      setChosen(null);
      queryClient.setQueryData(modKeys.settings, data);
      void queryClient.invalidateQueries({ queryKey: modKeys.log });
    },
  });
  return (
    <Card title={t('moderation.settings.title')} description={t('moderation.settings.lead')}>
      {settings.isPending ? (
        <Loading />
      ) : settings.isError ? (
        <QueryError error={settings.error} />
      ) : (
        <div className="stack">
          <div className="setting-row">
            <Checkbox
              label={t('moderation.settings.approveFirstPosts')}
              hint={canChange ? t('moderation.settings.approveHint') : `${t('moderation.settings.approveHint')} ${t('moderation.settings.readOnly')}`}
              checked={chosen ?? settings.data.approveFirstPosts}
              disabled={!canChange || save.isPending}
              onChange={(e) => {
                setChosen(e.target.checked);
                save.mutate(e.target.checked);
              }}
              data-testid="approve-first-posts"
            />
            {save.isPending && <Spinner size="sm" />}
          </div>
          <div aria-live="polite">
            {save.isSuccess && (
              <Alert tone="success" announce={false}>
                {save.data.approveFirstPosts ? t('moderation.settings.savedOn') : t('moderation.settings.savedOff')}
              </Alert>
            )}
          </div>
          {save.isError && <Alert tone="error">{errorMessage(save.error, t)}</Alert>}
        </div>
      )}
    </Card>
  );
}
