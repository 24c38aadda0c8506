import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../../../web/api.ts';
import type { FieldErrors } from '../../../../web/errors.ts';
import { useTitle } from '../../../../web/session.ts';
import { TextArea, TextField } from '../../../../web/ui/index.ts';
import type { Break, BreakInput, FocusDay, FocusDayInput } from '../../schema.ts';
import '../strings.ts';
import { useBreaks, useFocusDays } from './data.ts';
import { Pair, SpaceSelect } from './fields.tsx';
import { formats, rangeText, serverFieldErrors } from './format.ts';
import { ItemForm, type ItemFormProps, type ItemKind, ItemsCard, useItemForm } from './ItemsCard.tsx';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `/admin/events/programme`: the programme's breaks, which every series skips, and its focus days. */
export default function ProgrammePage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'de';
  const f = formats(locale);
  useTitle(t('events.host.layout.tabs.programme'));
  const breaks = useBreaks();
  const focusDays = useFocusDays();
  return (
    <div className="stack">
      <ItemsCard
        kind={BREAKS}
        query={breaks}
        badge={(b, today) => (b.endsOn < today ? 'past' : b.startsOn <= today ? 'now' : null)}
        meta={(b) => (
          <>
            <p className="list-meta">{rangeText(b.startsOn, b.endsOn, locale)}</p>
            {b.message && <p className="list-meta">{b.message}</p>}
          </>
        )}
        Form={BreakForm}
      />
      <ItemsCard
        kind={FOCUS_DAYS}
        query={focusDays}
        badge={(x, today) => (x.day < today ? 'past' : x.day === today ? 'today' : null)}
        meta={(x) => (
          <>
            <p className="list-meta">
              {f.weekdayDay(x.day)} ·{' '}
              {x.space
                ? t(`${FOCUS_DAYS.k}.inSpace`, { space: x.space.name })
                : t(`${FOCUS_DAYS.k}.noSpaceShort`)}
              {x.postId && (
                <>
                  {' · '}
                  <Link to={`/posts/${encodeURIComponent(x.postId)}`}>{t(`${FOCUS_DAYS.k}.toThread`)}</Link>
                </>
              )}
            </p>
            {x.description && <p className="list-meta">{x.description}</p>}
          </>
        )}
        Form={FocusDayForm}
      />
    </div>
  );
}

/** Breaks: every series skips their days, and the calendar shows them. */
const BREAKS: ItemKind<Break> = {
  k: 'events.host.breaks',
  base: '/api/events/breaks',
  name: (b) => b.title,
  nameVar: 'title',
  slug: 'break',
  addId: 'new-break',
};

function BreakForm(props: ItemFormProps<Break>) {
  const { t } = useTranslation();
  const { k } = BREAKS;
  const { item } = props;
  const form = useItemForm<Break, BreakDraft, BreakInput>(BREAKS, props, {
    initial: {
      title: item?.title ?? '',
      startsOn: item?.startsOn ?? '',
      endsOn: item?.endsOn ?? '',
      message: item?.message ?? '',
    },
    order: ['title', 'startsOn', 'endsOn', 'message'],
    labels: {
      title: t(`${k}.name`),
      startsOn: t(`${k}.startsOn`),
      endsOn: t(`${k}.endsOn`),
      message: t(`${k}.message`),
    },
    touches: (key) => (key === 'startsOn' ? ['startsOn', 'endsOn'] : [key]),
    serverErrors: (err) => ({
      ...serverFieldErrors(err, t, { endsOn: t(`${k}.endBeforeStart`) }),
      ...overlapError(err, t),
    }),
  });
  const { d } = form;
  const submit = () => {
    const found = {
      title: d.title.trim().length < 2 ? t('validation.required') : undefined,
      startsOn: DAY.test(d.startsOn) ? undefined : t('events.host.form.dateRequired'),
      endsOn: !DAY.test(d.endsOn)
        ? t('events.host.form.dateRequired')
        : d.endsOn < d.startsOn
          ? t(`${k}.endBeforeStart`)
          : undefined,
    };
    if (form.check(found)) {
      form.save.mutate({
        title: d.title.trim(),
        startsOn: d.startsOn,
        endsOn: d.endsOn,
        message: d.message.trim(),
      });
    }
  };
  return (
    <ItemForm
      kind={BREAKS}
      item={item}
      form={form}
      onSubmit={submit}
      onCancel={() => props.onDone()}
      footer={
        <p className="field-hint" style={{ margin: 0 }}>
          {t(`${k}.calendarHint`)} <Link to="/calendar">{t(`${k}.toCalendar`)}</Link>
        </p>
      }
    >
      <TextField {...form.text('title')} placeholder={t(`${k}.namePlaceholder`)} required maxLength={100} />
      <Pair>
        <TextField {...form.text('startsOn')} type="date" required />
        <TextField
          {...form.text('endsOn')}
          type="date"
          hint={t(`${k}.endsOnHint`)}
          required
          min={d.startsOn || undefined}
        />
      </Pair>
      <TextArea
        {...form.text('message')}
        hint={t(`${k}.messageHint`)}
        placeholder={t(`${k}.messagePlaceholder`)}
        rows={2}
        maxLength={500}
      />
    </ItemForm>
  );
}

interface BreakDraft {
  title: string;
  startsOn: string;
  endsOn: string;
  message: string;
}

/**
 * Two breaks may not share a day (409 `break_overlaps` at `startsOn`): the sentence names the other
 * break, whose title the server's message quotes (`overlaps "Sommerpause"`).
 */
function overlapError(err: unknown, t: TFunction): FieldErrors {
  const issue = isApiError(err) ? err.issues.find((i) => i.code === 'break_overlaps') : undefined;
  if (!issue) return {};
  const title = /overlaps "(.+)"/.exec(issue.message)?.[1];
  return {
    startsOn: title ? t(`${BREAKS.k}.overlaps`, { title }) : t(`${BREAKS.k}.overlapsUnnamed`),
  };
}

/** Focus days: a theme on an announced date; on the day a thread opens in the chosen space. */
const FOCUS_DAYS: ItemKind<FocusDay> = {
  k: 'events.host.focus',
  base: '/api/events/focus-days',
  name: (x) => x.theme,
  nameVar: 'theme',
  slug: 'focus',
  addId: 'new-focus-day',
};

function FocusDayForm(props: ItemFormProps<FocusDay>) {
  const { t } = useTranslation();
  const { k } = FOCUS_DAYS;
  const { item } = props;
  const form = useItemForm<FocusDay, FocusDayDraft, FocusDayInput>(FOCUS_DAYS, props, {
    initial: {
      day: item?.day ?? '',
      theme: item?.theme ?? '',
      description: item?.description ?? '',
      spaceId: item?.space?.id ?? '',
    },
    order: ['day', 'theme', 'description', 'spaceId'],
    labels: {
      day: t(`${k}.day`),
      theme: t(`${k}.theme`),
      description: t(`${k}.description`),
      spaceId: t(`${k}.space`),
    },
    serverErrors: (err) => serverFieldErrors(err, t),
  });
  const { d } = form;
  const submit = () => {
    const found = {
      day: DAY.test(d.day) ? undefined : t('events.host.form.dateRequired'),
      theme: d.theme.trim().length < 2 ? t('validation.required') : undefined,
    };
    if (form.check(found)) {
      form.save.mutate({
        day: d.day,
        theme: d.theme.trim(),
        description: d.description.trim(),
        spaceId: d.spaceId || null,
      });
    }
  };
  return (
    <ItemForm kind={FOCUS_DAYS} item={item} form={form} onSubmit={submit} onCancel={() => props.onDone()}>
      <TextField {...form.text('day')} type="date" style={{ maxWidth: '12rem' }} required />
      <TextField {...form.text('theme')} placeholder={t(`${k}.themePlaceholder`)} required maxLength={140} />
      <TextArea {...form.text('description')} hint={t(`${k}.descriptionHint`)} rows={3} maxLength={5000} />
      <SpaceSelect {...form.text('spaceId')} hint={t(`${k}.spaceHint`)} none={t(`${k}.noSpace`)} />
    </ItemForm>
  );
}

interface FocusDayDraft {
  day: string;
  theme: string;
  description: string;
  spaceId: string;
}
