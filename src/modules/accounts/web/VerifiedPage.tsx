import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../../web/api.ts';
import { type FieldErrors, hasErrors } from '../../../web/errors.ts';
import { useMe, useTitle } from '../../../web/session.ts';
import { Alert, Button, FormError, TextField } from '../../../web/ui/index.ts';
import { AuthCard, EMAIL, safeNext, withNext } from './shared.tsx';

export default function VerifiedPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const error = params.get('error');
  // Set when sign-up started somewhere that wants the person back (e.g. a checkout).
  const next = safeNext(params.get('next'));
  const me = useMe().data;
  useTitle(error ? t('verified.errorTitle') : t('verified.title'));

  if (!error) {
    return (
      <AuthCard title={t('verified.title')}>
        <Alert tone="success" testId="email-verified">
          {params.get('changed') ? t('verified.changedText') : t('verified.text')}
        </Alert>
        {next !== '/' && !me && <p>{t('verified.nextHint')}</p>}
        {me ? (
          <Link className="btn btn-primary" to={next}>
            {next === '/' ? t('common.backHome') : t('verified.continue')}
          </Link>
        ) : (
          <Link className="btn btn-primary" to={withNext('/login', next)}>
            {t('common.toLogin')}
          </Link>
        )}
      </AuthCard>
    );
  }

  return (
    <AuthCard title={t('verified.errorTitle')} lead={t('verified.errorText')}>
      <ResendVerification next={next} />
    </AuthCard>
  );
}

function ResendVerification({ next }: { next: string }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const resend = useMutation({
    mutationFn: () =>
      api.post('/api/auth/send-verification-email', {
        email: email.trim(),
        callbackURL: withNext('/verified', next),
      }),
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found = { email: EMAIL.test(email.trim()) ? undefined : t('validation.email') };
    setErrors(found);
    if (!hasErrors(found)) resend.mutate();
  };
  if (resend.isSuccess) return <Alert tone="success">{t('verified.resent')}</Alert>;
  return (
    <>
      <FormError error={resend.error} fields={errors} labels={{ email: t('fields.email') }} />
      <form onSubmit={onSubmit} noValidate>
        <TextField
          label={t('fields.email')}
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.email}
        />
        <div className="form-actions">
          <Button type="submit" loading={resend.isPending}>
            {t('verified.resend')}
          </Button>
        </div>
      </form>
    </>
  );
}
