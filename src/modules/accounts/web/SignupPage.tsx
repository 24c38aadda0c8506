import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../../web/api.ts';
import { type FieldErrors, fieldErrorsOf, hasErrors } from '../../../web/errors.ts';
import { useTitle } from '../../../web/session.ts';
import { Alert, Button, FormError, TextField } from '../../../web/ui/index.ts';
import { AuthCard, EMAIL, PASSWORD_MIN, safeNext, withNext } from './shared.tsx';

export default function SignupPage() {
  const { t, i18n } = useTranslation();
  useTitle(t('signup.title'));
  // Where to continue after confirming the address and logging in (e.g. the checkout someone came from).
  const next = safeNext(useSearchParams()[0].get('next'));
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});

  const signUp = useMutation({
    mutationFn: () =>
      api.post('/api/auth/sign-up/email', {
        name: name.trim(),
        email: email.trim(),
        password,
        locale: i18n.resolvedLanguage ?? 'de',
        // Where the mailed confirmation link lands (better-auth's sign-up option).
        callbackURL: withNext('/verified', next),
      }),
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {
      name: !name.trim() ? t('validation.required') : undefined,
      email: !email.trim() ? t('validation.required') : !EMAIL.test(email.trim()) ? t('validation.email') : undefined,
      password: password.length < PASSWORD_MIN ? t('validation.passwordMin', { count: PASSWORD_MIN }) : undefined,
    };
    setErrors(found);
    if (!hasErrors(found)) signUp.mutate();
  };

  if (signUp.isSuccess) {
    return (
      <AuthCard title={t('signup.doneTitle')}>
        <Alert tone="success" testId="signup-done">
          {t('signup.done')}
        </Alert>
        <p className="muted">{t('signup.doneHint')}</p>
        <Link to={withNext('/login', next)}>{t('common.toLogin')}</Link>
      </AuthCard>
    );
  }

  const fe = { ...fieldErrorsOf(signUp.error, t), ...errors };
  return (
    <AuthCard title={t('signup.title')} lead={t('signup.lead')}>
      <FormError
        error={signUp.error}
        fields={fe}
        labels={{ name: t('fields.name'), email: t('fields.email'), password: t('fields.password') }}
        ids={{ name: 'signup-name', email: 'signup-email', password: 'signup-password' }}
      />
      <form onSubmit={onSubmit} noValidate>
        <TextField
          id="signup-name"
          label={t('fields.name')}
          autoComplete="name"
          required
          maxLength={80}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={fe.name}
        />
        <TextField
          id="signup-email"
          label={t('fields.email')}
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={fe.email}
        />
        <TextField
          id="signup-password"
          label={t('fields.password')}
          type="password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN}
          hint={t('fields.passwordHint', { count: PASSWORD_MIN })}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fe.password}
        />
        <div className="form-actions">
          <Button type="submit" loading={signUp.isPending}>
            {t('signup.submit')}
          </Button>
        </div>
      </form>
      <div className="auth-links-below">
        <p>
          {t('signup.haveAccount')} <Link to={withNext('/login', next)}>{t('signup.toLogin')}</Link>
        </p>
      </div>
    </AuthCard>
  );
}
