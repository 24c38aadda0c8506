import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../web/api.ts';
import { errorMessage } from '../../../web/errors.ts';
import { queryClient } from '../../../web/session.ts';
import { Button } from '../../../web/ui/index.ts';
import { type Space, spaceKeys } from './data.ts';

/** Join or leave an optional space. */
export function JoinButton({ space }: { space: Space }) {
  const { t } = useTranslation();
  const toggle = useMutation({
    mutationFn: () => api.post<Space>(`/api/spaces/${encodeURIComponent(space.slug)}/${space.joined ? 'leave' : 'join'}`),
    onSuccess: (fresh) => {
      queryClient.setQueryData(spaceKeys.space(fresh.slug), fresh);
      queryClient.setQueryData<Space[]>(spaceKeys.list, (l) => l?.map((s) => (s.id === fresh.id ? fresh : s)));
      void queryClient.invalidateQueries({ queryKey: ['spaces', 'feed', 'home'] });
    },
  });
  return (
    <span className="join">
      <Button
        variant={space.joined ? 'secondary' : 'primary'}
        size="sm"
        loading={toggle.isPending}
        onClick={() => toggle.mutate()}
      >
        {space.joined ? t('spaces.leave') : t('spaces.join')}
        <span className="sr-only">: {space.name}</span>
      </Button>
      {toggle.isError && (
        <span className="field-error" role="alert">
          {errorMessage(toggle.error, t)}
        </span>
      )}
    </span>
  );
}
