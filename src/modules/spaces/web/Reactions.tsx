import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../web/api.ts';
import { errorMessage } from '../../../web/errors.ts';
import { useMe } from '../../../web/session.ts';
import { patchComment, patchPost } from './data.ts';

/** Same set as `REACTIONS` in `schema.ts` (not imported: that file pulls zod into the bundle). */
const REACTIONS = ['👍', '❤️', '🎉', '😄', '🤔', '🙏'] as const;

const NAMES: Record<string, string> = {
  '👍': 'thumbsUp',
  '❤️': 'heart',
  '🎉': 'party',
  '😄': 'laugh',
  '🤔': 'thinking',
  '🙏': 'thanks',
};

/** The six reactions as toggle buttons with counts; visitors see the counts only. */
export function Reactions({
  target,
  postId,
  reactions,
  mine,
}: {
  target: { type: 'post' | 'comment'; id: string };
  postId: string;
  reactions: Record<string, number>;
  mine: string[];
}) {
  const { t } = useTranslation();
  const signedIn = Boolean(useMe().data);
  const toggle = useMutation({
    mutationFn: (v: { emoji: string; on: boolean }) =>
      api.post<{ reactions: Record<string, number> }>('/api/reactions', {
        targetType: target.type,
        targetId: target.id,
        emoji: v.emoji,
        on: v.on,
      }),
    onSuccess: (res, v) => {
      const nextMine = v.on ? [...new Set([...mine, v.emoji])] : mine.filter((e) => e !== v.emoji);
      if (target.type === 'post') patchPost(target.id, (p) => ({ ...p, reactions: res.reactions, myReactions: nextMine }));
      else patchComment(postId, target.id, (c) => ({ ...c, reactions: res.reactions, myReactions: nextMine }));
    },
  });
  const shown = signedIn ? REACTIONS : REACTIONS.filter((e) => (reactions[e] ?? 0) > 0);
  if (shown.length === 0) return null;
  return (
    <fieldset className="reactions">
      <legend className="sr-only">{t('spaces.reactions.label')}</legend>
      {shown.map((emoji) => {
        const count = reactions[emoji] ?? 0;
        const pressed = mine.includes(emoji);
        const name = t(`spaces.reactions.${NAMES[emoji] ?? 'thumbsUp'}`);
        const label = t('spaces.reactions.button', { name, count });
        if (!signedIn) {
          return (
            <span key={emoji} className="reaction" title={label}>
              <span aria-hidden="true">{emoji}</span> <span className="sr-only">{label}</span>
              <span aria-hidden="true">{count}</span>
            </span>
          );
        }
        return (
          <button
            key={emoji}
            type="button"
            className="reaction"
            aria-pressed={pressed}
            aria-label={label}
            title={name}
            disabled={toggle.isPending}
            data-testid={`reaction-${NAMES[emoji]}`}
            onClick={() => toggle.mutate({ emoji, on: !pressed })}
          >
            <span aria-hidden="true">{emoji}</span>
            {count > 0 && <span aria-hidden="true">{count}</span>}
          </button>
        );
      })}
      {toggle.isError && (
        <p className="field-error" role="alert">
          {errorMessage(toggle.error, t)}
        </p>
      )}
    </fieldset>
  );
}
