import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../web/api.ts';
import { errorMessage } from '../../../web/errors.ts';
import { queryClient, useMe } from '../../../web/session.ts';
import { Button } from '../../../web/ui/index.ts';
import { type Post, patchPost, spaceKeys } from './data.ts';
import { useDateTime } from './format.ts';

type PollView = NonNullable<Post['poll']>;

/** Voting form and, when the poll shows them, the results as labelled bars. */
export function Poll({ post, poll }: { post: Post; poll: PollView }) {
  const { t } = useTranslation();
  const signedIn = Boolean(useMe().data);
  const when = useDateTime();
  const id = useId();
  const voted = poll.myVotes.length > 0;
  const visible = poll.options.some((o) => o.votes !== null);
  const [changing, setChanging] = useState(false);
  const [choice, setChoice] = useState<string[]>(poll.myVotes);
  const vote = useMutation({
    mutationFn: (optionIds: string[]) => api.post<Post>(`/api/posts/${post.id}/votes`, { optionIds }),
    onSuccess: (fresh) => {
      patchPost(post.id, () => fresh);
      void queryClient.invalidateQueries({ queryKey: spaceKeys.feeds });
      setChanging(false);
    },
  });
  const canVote = signedIn && !poll.closed && (!voted || changing);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (choice.length > 0) vote.mutate(choice);
  };
  const note = poll.closed
    ? t('spaces.poll.closed')
    : poll.results === 'after_close'
      ? poll.closesAt
        ? t('spaces.poll.resultsAfterCloseAt', { date: when(poll.closesAt) })
        : t('spaces.poll.resultsAfterClose')
      : t('spaces.poll.resultsAfterVote');

  return (
    <section className="poll" aria-labelledby={`${id}-h`} data-testid="poll">
      <h2 id={`${id}-h`} className="poll-title">
        {t('spaces.poll.title')}
      </h2>
      <p className="muted poll-note">
        {note}
        {!poll.closed && poll.closesAt && <> · {t('spaces.poll.closesAt', { date: when(poll.closesAt) })}</>}
      </p>
      {canVote ? (
        <form onSubmit={submit} aria-describedby={vote.isError ? `${id}-err` : undefined}>
          <fieldset className="poll-options">
            <legend className="sr-only">{poll.multiple ? t('spaces.poll.chooseMany') : t('spaces.poll.chooseOne')}</legend>
            <p className="muted" aria-hidden="true">
              {poll.multiple ? t('spaces.poll.chooseMany') : t('spaces.poll.chooseOne')}
            </p>
            {poll.options.map((o) => (
              <label key={o.id} className="poll-choice">
                <input
                  type={poll.multiple ? 'checkbox' : 'radio'}
                  name={`${id}-choice`}
                  value={o.id}
                  checked={choice.includes(o.id)}
                  onChange={(e) =>
                    setChoice((c) =>
                      poll.multiple ? (e.target.checked ? [...c, o.id] : c.filter((x) => x !== o.id)) : [o.id],
                    )
                  }
                />
                <span>{o.label}</span>
              </label>
            ))}
          </fieldset>
          <div className="form-actions">
            <Button type="submit" loading={vote.isPending} disabled={choice.length === 0}>
              {t('spaces.poll.vote')}
            </Button>
            {changing && (
              <Button variant="ghost" onClick={() => setChanging(false)}>
                {t('common.cancel')}
              </Button>
            )}
          </div>
          {vote.isError && (
            <p className="field-error" id={`${id}-err`} role="alert">
              {errorMessage(vote.error, t)}
            </p>
          )}
        </form>
      ) : null}
      {visible && !canVote && <Results poll={poll} />}
      {!visible && voted && !canVote && <p role="status">{t('spaces.poll.thanks')}</p>}
      {!signedIn && !poll.closed && <p className="muted">{t('spaces.poll.loginToVote')}</p>}
      {voted && !poll.closed && !changing && (
        <Button variant="secondary" size="sm" onClick={() => setChanging(true)}>
          {t('spaces.poll.change')}
        </Button>
      )}
    </section>
  );
}

function Results({ poll }: { poll: PollView }) {
  const { t } = useTranslation();
  const total = poll.totalVoters ?? 0;
  return (
    <div role="status" data-testid="poll-results">
      <ul className="poll-results">
        {poll.options.map((o) => {
          const votes = o.votes ?? 0;
          const pct = total > 0 ? Math.round((votes / total) * 100) : 0;
          const mine = poll.myVotes.includes(o.id);
          return (
            <li key={o.id}>
              <div className="poll-result-label">
                <span>
                  {o.label}
                  {mine && <span className="badge badge-info">{t('spaces.poll.yourVote')}</span>}
                </span>
                <span>{t('spaces.poll.votes', { count: votes, pct })}</span>
              </div>
              <div className="poll-bar" aria-hidden="true">
                <span style={{ width: `${pct}%` }} />
              </div>
            </li>
          );
        })}
      </ul>
      <p className="muted">{t('spaces.poll.voters', { count: total })}</p>
    </div>
  );
}
