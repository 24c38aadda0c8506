import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../web/api.ts';
import { errorMessage } from '../../../web/errors.ts';
import { queryClient, useMe } from '../../../web/session.ts';
import { Button } from '../../../web/ui/index.ts';
import { usePopover } from '../../../web/ui/usePopover.ts';
import type { Post } from './data.ts';
import { spaceKeys } from './data.ts';

type Kind = 'mute' | 'block';

/**
 * An author's name; for other signed-in members it opens a small panel to mute or block them, each
 * explained in one line and confirmed once. Escape or a click outside closes it; focus returns to the name.
 */
export function AuthorName({ author, className, testId }: { author: Post['author']; className?: string; testId?: string }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const { open, setOpen, ref, buttonRef: button } = usePopover<HTMLSpanElement>();
  const [asking, setAsking] = useState<Kind | null>(null);
  const [done, setDone] = useState<Kind | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const firstRef = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const name = author?.name ?? t('spaces.post.deletedAuthor');

  const mute = useMutation({
    mutationFn: (kind: Kind) => api.put(`/api/me/mutes/${encodeURIComponent(author?.id ?? '')}`, { kind }),
    onSuccess: (_r, kind) => {
      setAsking(null);
      setDone(kind);
      void queryClient.invalidateQueries({ queryKey: ['me', 'mutes'] });
      // Feeds and threads leave the muted member out from now on.
      void queryClient.invalidateQueries({ queryKey: spaceKeys.all });
    },
  });


  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);
  const resetMute = mute.reset;
  useEffect(() => {
    if (open) firstRef.current?.focus();
    else {
      setAsking(null);
      setDone(null);
      resetMute();
    }
  }, [open, resetMute]);

  if (!author || !me || me.id === author.id) {
    return (
      <strong className={className} data-testid={testId}>
        {name}
      </strong>
    );
  }
  return (
    <span className="author-menu" ref={ref}>
      <button
        ref={button}
        type="button"
        className={`author-button ${className ?? ''}`}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        <span data-testid={testId}>{name}</span>
        <span className="sr-only"> {t('moderation.mute.options')}</span>
      </button>
      {open && (
        <span className="author-panel" id={panelId} data-testid="author-panel">
          {done ? (
            <span role="status" className="author-panel-done">
              {t(`moderation.mute.done_${done}`, { name })}
            </span>
          ) : asking ? (
            <span className="author-panel-confirm">
              <span>{t(`moderation.mute.question_${asking}`, { name })}</span>
              <span className="row-actions">
                <Button ref={confirmRef} variant="danger" size="sm" loading={mute.isPending} onClick={() => mute.mutate(asking)}>
                  {t(`moderation.mute.confirm_${asking}`)}
                </Button>
                <Button variant="secondary" size="sm" onClick={() => setAsking(null)}>
                  {t('common.cancel')}
                </Button>
              </span>
            </span>
          ) : (
            (['mute', 'block'] as const).map((k, i) => (
              <span key={k} className="author-panel-option">
                <Button ref={i === 0 ? firstRef : undefined} variant="secondary" size="sm" onClick={() => setAsking(k)}>
                  {t(`moderation.mute.action_${k}`)}
                </Button>
                <span className="author-panel-hint">{t(`moderation.mute.explain_${k}`)}</span>
              </span>
            ))
          )}
          {mute.isError && (
            <span className="field-error" role="alert">
              {errorMessage(mute.error, t)}
            </span>
          )}
        </span>
      )}
    </span>
  );
}
