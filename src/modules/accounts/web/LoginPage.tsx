import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { api, isApiError, type Me } from '../../../web/api.ts';
import { type FieldErrors, fieldErrorsOf, hasErrors } from '../../../web/errors.ts';
import { keys, queryClient, useMe, useTitle } from '../../../web/session.ts';
import { Alert, Button, Checkbox, FormError, Loading, TextField } from '../../../web/ui/index.ts';
import { AuthCard, EMAIL, safeNext, withNext } from './shared.tsx';

type SignInAnswer = { user?: Me; twoFactorRedirect?: boolean };

export default function LoginPage() {
  const { t } = useTranslation();
  useTitle(t('login.title'));
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const me = useMe();
  const next = safeNext(params.get('next'));
  const linkError = params.get('error');
  const signedOut = (location.state as { signedOut?: boolean } | null)?.signedOut;

  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [rememberMe, setRememberMe] = useState(true);
  const [errors, setErrors] = useState<FieldErrors>({});

  const signIn = useMutation({
    // callbackURL: an unverified address gets a new confirmation mail whose link leads back to `next`.
    mutationFn: () =>
      api.post<SignInAnswer>('/api/auth/sign-in/email', {
        email,
        password,
        rememberMe,
        callbackURL: withNext('/verified', next),
      }),
    onSuccess: async (data) => {
      if (data?.twoFactorRedirect) {
        navigate(`/two-factor?next=${encodeURIComponent(next)}`);
        return;
      }
      await queryClient.invalidateQueries({ queryKey: keys.me });
      navigate(next, { replace: true });
    },
  });

  const resend = useMutation({
    mutationFn: () =>
      api.post('/api/auth/send-verification-email', { email, callbackURL: withNext('/verified', next) }),
  });

  if (me.isPending) return <Loading />;
  if (me.data && !signIn.isPending) return <Navigate to={next} replace />;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {
      email: !email.trim() ? t('validation.required') : !EMAIL.test(email.trim()) ? t('validation.email') : undefined,
      password: !password ? t('validation.required') : undefined,
    };
    setErrors(found);
    if (hasErrors(found)) return;
    resend.reset();
    signIn.mutate();
  };

  const fe = { ...fieldErrorsOf(signIn.error, t), ...errors };
  const notVerified = isApiError(signIn.error) && signIn.error.code === 'EMAIL_NOT_VERIFIED';

  return (
    <AuthCard title={t('login.title')} lead={t('login.lead')}>
      {signedOut && !signIn.error && <Alert tone="success">{t('login.signedOut')}</Alert>}
      {linkError && !signIn.error && (
        <Alert tone="error" title={t('login.linkErrorTitle')}>
          <p>{t('login.linkErrorText')}</p>
        </Alert>
      )}
      <FormError
        error={notVerified ? undefined : signIn.error}
        fields={fe}
        labels={{ email: t('fields.email'), password: t('fields.password') }}
        ids={{ email: 'login-email', password: 'login-password' }}
      />
      {notVerified && (
        <Alert tone="error" title={t('errors.codes.EMAIL_NOT_VERIFIED')}>
          {resend.isSuccess ? (
            <p>{t('login.resendDone')}</p>
          ) : (
            <>
              <p>{t('login.notVerifiedText')}</p>
              <Button variant="secondary" size="sm" loading={resend.isPending} onClick={() => resend.mutate()}>
                {t('login.resend')}
              </Button>
            </>
          )}
        </Alert>
      )}
      <form onSubmit={onSubmit} noValidate>
        <TextField
          id="login-email"
          label={t('fields.email')}
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={fe.email}
        />
        <TextField
          id="login-password"
          label={t('fields.password')}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fe.password}
        />
        <Checkbox
          label={t('login.rememberMe')}
          checked={rememberMe}
          onChange={(e) => setRememberMe(e.target.checked)}
        />
        <div className="form-actions">
          <Button type="submit" loading={signIn.isPending}>
            {t('login.submit')}
          </Button>
        </div>
      </form>
      <div className="auth-links-below">
        <p>
          <Link to="/forgot-password">{t('login.forgot')}</Link>
        </p>
        <p>
          <Link to="/magic-link">{t('login.magicLink')}</Link>
        </p>
        <p>
          {t('login.noAccount')} <Link to={withNext('/signup', next)}>{t('login.toSignup')}</Link>
        </p>
      </div>
    </AuthCard>
  );
}
