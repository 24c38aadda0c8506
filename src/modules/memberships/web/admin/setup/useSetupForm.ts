import { useTranslation } from 'react-i18next';
import { type DraftFormOptions, useDraftForm } from '../../../../../web/ui/useDraftForm.ts';
import { serverFieldErrors } from './format.ts';

type Messages = Record<string, string>;

/**
 * A set-up form on the shared draft form: its fields in the order of `labels` (their ids, and where
 * focus goes for the first problem), the server's issues in this module's sentences (`messages` per
 * field; a function when the sentence depends on the answer), and every message kept until the next
 * submit.
 */
export function useSetupForm<D extends object, R, V>({
  initial,
  labels,
  messages = {},
  save,
}: Pick<DraftFormOptions<D, R, V>, 'initial' | 'labels' | 'save'> & {
  messages?: Messages | ((err: unknown) => Messages);
}) {
  const { t } = useTranslation();
  return useDraftForm<D, R, V>({
    initial,
    order: Object.keys(labels),
    labels,
    serverErrors: (err) =>
      serverFieldErrors(err, t, typeof messages === 'function' ? messages(err) : messages),
    keepMessages: true,
    save,
  });
}

export type SetupForm = ReturnType<typeof useSetupForm>;
