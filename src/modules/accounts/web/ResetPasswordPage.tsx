import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../../web/api.ts';
import { type FieldErrors, fieldErrorsOf, hasErrors } from '../../../web/errors.ts';
import { useTitle } from '../../../web/session.ts';
import { Alert, Button, FormError } from '../../../web/ui/index.ts';
import { AuthCard, NewPasswordFields, PASSWORD_MIN } from './shared.tsx';

export default function ResetPasswordPage() {
  const { t } = useTranslation();
  useTitle(t('reset.title'));
  const [params] = useSearchParams();
  const token = params.get('token');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});

  const reset = useMutation({
    mutationFn: () => api.post('/api/auth/reset-password', { newPassword: password, token }),
  });

  if (!token || params.get('error')) {
    return (
      <AuthCard title={t('reset.invalidTitle')}>
        <Alert tone="error">{t('reset.invalidText')}</Alert>
        <Link className="btn btn-primary" to="/forgot-password">
          {t('reset.requestNew')}
        </Link>
      </AuthCard>
    );
  }

  if (reset.isSuccess) {
    return (
      <AuthCard title={t('reset.doneTitle')}>
        <Alert tone="success" testId="reset-done">
          {t('reset.done')}
        </Alert>
        <Link className="btn btn-primary" to="/login">
          {t('common.toLogin')}
        </Link>
      </AuthCard>
    );
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {
      newPassword: password.length < PASSWORD_MIN ? t('validation.passwordMin', { count: PASSWORD_MIN }) : undefined,
      confirm: confirm !== password ? t('validation.passwordMismatch') : undefined,
    };
    setErrors(found);
    if (!hasErrors(found)) reset.mutate();
  };

  const fe = { ...fieldErrorsOf(reset.error, t), ...errors };
  return (
    <AuthCard title={t('reset.title')} lead={t('reset.lead')}>
      <FormError
        error={reset.error}
        fields={fe}
        labels={{ newPassword: t('fields.newPassword'), confirm: t('fields.confirmPassword') }}
      />
      <form onSubmit={onSubmit} noValidate>
        <NewPasswordFields value={password} confirm={confirm} onChange={setPassword} onConfirm={setConfirm} errors={fe} />
        <div className="form-actions">
          <Button type="submit" loading={reset.isPending}>
            {t('reset.submit')}
          </Button>
        </div>
      </form>
    </AuthCard>
  );
}
