import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../web/api.ts';
import { type FieldErrors, fieldErrorsOf, hasErrors } from '../../../web/errors.ts';
import { queryClient } from '../../../web/session.ts';
import { Alert, Button, Checkbox, FormError, TextArea, TextField } from '../../../web/ui/index.ts';
import { AttachmentPicker, useUploads } from './AttachmentPicker.tsx';
import { type Post, type Space, spaceKeys } from './data.ts';
import { localToIso, useDateTime } from './format.ts';

type Kind = Post['kind'];
const MAX_OPTIONS = 20;
const blankOptions = () => [
  { k: 0, v: '' },
  { k: 1, v: '' },
];

/** Writing a post: kind, title, Markdown body and what the kind needs (link, poll options, schedule). */
export function Composer({ space, canReflect }: { space: Space; canReflect: boolean }) {
  const { t } = useTranslation();
  const when = useDateTime();
  const id = useId();
  const [kind, setKind] = useState<Kind>('discussion');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [linkUrl, setLinkUrl] = useState('');
  const nextKey = useRef(2);
  const [options, setOptions] = useState<{ k: number; v: string }[]>(blankOptions);
  const [multiple, setMultiple] = useState(false);
  const [closesAt, setClosesAt] = useState('');
  const [results, setResults] = useState<'after_vote' | 'after_close'>('after_vote');
  const [publishAt, setPublishAt] = useState('');
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState<Post | null>(null);
  const doneRef = useRef<HTMLDivElement>(null);
  const optionRefs = useRef<(HTMLInputElement | null)[]>([]);
  const [focusOption, setFocusOption] = useState<number | null>(null);
  const uploads = useUploads();

  const kinds: Kind[] = ['discussion', 'question', 'find', 'poll', ...(canReflect ? (['reflection'] as const) : [])];

  const create = useMutation({
    mutationFn: (input: Record<string, unknown>) => api.post<Post>(`/api/spaces/${encodeURIComponent(space.slug)}/posts`, input),
    onSuccess: (post) => {
      setDone(post);
      setTitle('');
      setBody('');
      setLinkUrl('');
      setOptions(blankOptions());
      nextKey.current = 2;
      setMultiple(false);
      setClosesAt('');
      setPublishAt('');
      uploads.clear();
      void queryClient.invalidateQueries({ queryKey: spaceKeys.feeds });
    },
  });

  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);
  useEffect(() => {
    if (focusOption !== null) optionRefs.current[focusOption]?.focus();
    setFocusOption(null);
  }, [focusOption]);

  const server = fieldErrorsOf(create.error, t);
  const errors: FieldErrors = { ...server, ...clientErrors };
  const optionsError = errors['poll.options'] ?? errors.poll;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    const input: Record<string, unknown> = { kind, body };
    const local: FieldErrors = {};
    if (title.trim()) input.title = title.trim();
    if (kind === 'find') {
      if (!linkUrl.trim()) local.linkUrl = t('spaces.composer.errors.linkRequired');
      else input.linkUrl = linkUrl.trim();
    } else if (!body.trim() && !title.trim()) {
      local.body = t('spaces.composer.errors.bodyRequired');
    }
    if (kind === 'poll') {
      const filled = options.map((o) => o.v.trim()).filter(Boolean);
      if (filled.length < 2) local['poll.options'] = t('spaces.composer.errors.twoOptions');
      input.poll = {
        options: filled,
        multiple,
        results,
        ...(closesAt ? { closesAt: localToIso(closesAt) } : {}),
      };
    }
    if (kind === 'reflection' && publishAt) input.publishAt = localToIso(publishAt);
    if (uploads.busy) local.attachmentIds = t('spaces.attachments.errors.wait');
    else if (uploads.ids.length) input.attachmentIds = uploads.ids;
    setClientErrors(local);
    if (hasErrors(local)) return;
    create.reset();
    create.mutate(input);
  };

  const labels: Record<string, string> = {
    title: t('spaces.composer.title'),
    body: t('spaces.composer.body'),
    linkUrl: t('spaces.composer.link'),
    'poll.options': t('spaces.composer.options'),
    poll: t('spaces.composer.options'),
    'poll.closesAt': t('spaces.composer.closesAt'),
    publishAt: t('spaces.composer.publishAt'),
    attachmentIds: t('spaces.attachments.pick'),
  };
  const ids: Record<string, string> = {
    title: `${id}-title`,
    body: `${id}-body`,
    linkUrl: `${id}-link`,
    'poll.options': `${id}-opt-0`,
    poll: `${id}-opt-0`,
    'poll.closesAt': `${id}-closes`,
    publishAt: `${id}-publish`,
    attachmentIds: `${id}-files`,
  };

  return (
    <section className="card composer" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="card-title">
        {t('spaces.composer.heading')}
      </h2>
      {done && (
        <div ref={doneRef} tabIndex={-1} className="composer-done">
          <Alert tone="success" testId="post-created">
            {done.status === 'pending'
              ? t('spaces.composer.pending')
              : done.scheduled
                ? t('spaces.composer.scheduled', { date: when(done.publishAt) })
                : t('spaces.composer.published')}{' '}
            <Link to={`/posts/${done.id}`}>{t('spaces.composer.toPost')}</Link>
          </Alert>
        </div>
      )}
      <form onSubmit={submit} noValidate data-testid="composer">
        <FormError error={create.error} fields={errors} labels={labels} ids={ids} />
        <fieldset className="kind-picker">
          <legend>{t('spaces.composer.kind')}</legend>
          <div className="kind-options">
            {kinds.map((k) => (
              <label key={k} className="kind-option">
                <input
                  type="radio"
                  name={`${id}-kind`}
                  value={k}
                  checked={kind === k}
                  onChange={() => {
                    setKind(k);
                    setClientErrors({});
                    create.reset();
                  }}
                />
                <span>{t(`spaces.kinds.${k}`)}</span>
              </label>
            ))}
          </div>
          <p className="field-hint">{t(`spaces.composer.kindHint.${kind}`)}</p>
        </fieldset>
        <TextField
          id={ids.title}
          label={t('spaces.composer.title')}
          hint={kind === 'question' ? t('spaces.composer.titleHintQuestion') : undefined}
          value={title}
          maxLength={200}
          onChange={(e) => setTitle(e.target.value)}
          error={errors.title}
        />
        {kind === 'find' && (
          <TextField
            id={ids.linkUrl}
            label={t('spaces.composer.link')}
            type="url"
            inputMode="url"
            placeholder="https://"
            required
            value={linkUrl}
            onChange={(e) => setLinkUrl(e.target.value)}
            error={errors.linkUrl}
          />
        )}
        <TextArea
          id={ids.body}
          label={kind === 'find' ? t('spaces.composer.comment') : t('spaces.composer.body')}
          hint={t('spaces.composer.markdownHint')}
          rows={5}
          value={body}
          maxLength={40000}
          onChange={(e) => setBody(e.target.value)}
          error={errors.body}
        />
        {kind === 'poll' && (
          <fieldset className="poll-editor" aria-describedby={optionsError ? `${id}-opt-error` : undefined}>
            <legend>{t('spaces.composer.options')}</legend>
            <p className="field-hint">{t('spaces.composer.optionsHint')}</p>
            <ol className="option-list">
              {options.map((o, i) => (
                <li key={o.k}>
                  <label htmlFor={`${id}-opt-${i}`} className="sr-only">
                    {t('spaces.composer.option', { n: i + 1 })}
                  </label>
                  <input
                    id={`${id}-opt-${i}`}
                    ref={(el) => {
                      optionRefs.current[i] = el;
                    }}
                    value={o.v}
                    maxLength={200}
                    placeholder={t('spaces.composer.option', { n: i + 1 })}
                    aria-invalid={errors[`poll.options.${i}`] || (optionsError && !o.v.trim()) ? true : undefined}
                    onChange={(e) => setOptions((all) => all.map((x, j) => (j === i ? { ...x, v: e.target.value } : x)))}
                  />
                  {options.length > 2 && (
                    <Button
                      variant="ghost"
                      size="sm"
                      onClick={() => {
                        setOptions((all) => all.filter((_, j) => j !== i));
                        setFocusOption(Math.max(0, i - 1));
                      }}
                    >
                      {t('spaces.composer.removeOption')}
                      <span className="sr-only"> {t('spaces.composer.option', { n: i + 1 })}</span>
                    </Button>
                  )}
                </li>
              ))}
            </ol>
            {optionsError && (
              <p className="field-error" id={`${id}-opt-error`}>
                {optionsError}
              </p>
            )}
            {options.length < MAX_OPTIONS && (
              <Button
                variant="secondary"
                size="sm"
                onClick={() => {
                  setOptions((all) => [...all, { k: nextKey.current++, v: '' }]);
                  setFocusOption(options.length);
                }}
              >
                {t('spaces.composer.addOption')}
              </Button>
            )}
            <Checkbox
              label={t('spaces.composer.multiple')}
              checked={multiple}
              onChange={(e) => setMultiple(e.target.checked)}
            />
            <TextField
              id={ids['poll.closesAt']}
              type="datetime-local"
              label={t('spaces.composer.closesAt')}
              value={closesAt}
              onChange={(e) => setClosesAt(e.target.value)}
              error={errors['poll.closesAt']}
            />
            <fieldset className="radio-row">
              <legend>{t('spaces.composer.results')}</legend>
              {(['after_vote', 'after_close'] as const).map((r) => (
                <label key={r} className="radio-label">
                  <input
                    type="radio"
                    name={`${id}-results`}
                    value={r}
                    checked={results === r}
                    onChange={() => setResults(r)}
                  />
                  {t(`spaces.composer.resultsWhen.${r}`)}
                </label>
              ))}
            </fieldset>
          </fieldset>
        )}
        {kind === 'reflection' && (
          <TextField
            id={ids.publishAt}
            type="datetime-local"
            label={t('spaces.composer.publishAt')}
            hint={t('spaces.composer.publishAtHint')}
            value={publishAt}
            onChange={(e) => setPublishAt(e.target.value)}
            error={errors.publishAt}
          />
        )}
        <AttachmentPicker id={ids.attachmentIds} uploads={uploads} error={errors.attachmentIds ?? errors['attachmentIds.0']} />
        <div className="form-actions">
          <Button type="submit" loading={create.isPending}>
            {kind === 'reflection' && publishAt ? t('spaces.composer.schedule') : t('spaces.composer.submit')}
          </Button>
        </div>
      </form>
    </section>
  );
}
