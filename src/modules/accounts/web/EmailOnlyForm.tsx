import type { UseMutationResult } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FieldErrors, fieldErrorsOf, hasErrors } from '../../../web/errors.ts';
import { Button, FormError, TextField } from '../../../web/ui/index.ts';
import { EMAIL } from './shared.tsx';

/** One email field and a button: forgot password and magic link share it. */
export function EmailOnlyForm({
  mutation,
  submitLabel,
}: {
  mutation: UseMutationResult<unknown, Error, string>;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found = {
      email: !email.trim() ? t('validation.required') : EMAIL.test(email.trim()) ? undefined : t('validation.email'),
    };
    setErrors(found);
    if (!hasErrors(found)) mutation.mutate(email.trim());
  };
  const fe = { ...fieldErrorsOf(mutation.error, t), ...errors };
  return (
    <>
      <FormError error={mutation.error} fields={fe} labels={{ email: t('fields.email') }} />
      <form onSubmit={onSubmit} noValidate>
        <TextField
          label={t('fields.email')}
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={fe.email}
        />
        <div className="form-actions">
          <Button type="submit" loading={mutation.isPending}>
            {submitLabel}
          </Button>
        </div>
      </form>
    </>
  );
}
