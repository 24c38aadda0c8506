import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Me } from '../../../../web/api.ts';
import { type FieldErrors, fieldErrorsOf, hasErrors } from '../../../../web/errors.ts';
import { Alert, Button, Card, FormError, TextField } from '../../../../web/ui/index.ts';
import { EMAIL } from '../shared.tsx';

export function EmailSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [newEmail, setNewEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const change = useMutation({
    mutationFn: () => api.post('/api/me/email', { newEmail: newEmail.trim(), password }),
    onSuccess: () => setPassword(''),
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {
      newEmail: !EMAIL.test(newEmail.trim())
        ? t('validation.email')
        : newEmail.trim().toLowerCase() === me.email.toLowerCase()
          ? t('settings.email.same')
          : undefined,
      password: password ? undefined : t('validation.required'),
    };
    setErrors(found);
    if (!hasErrors(found)) change.mutate();
  };

  const fe = { ...fieldErrorsOf(change.error, t), ...errors };
  return (
    <Card title={t('settings.email.title')}>
      <p>
        {t('settings.email.current')} <strong>{me.email}</strong>{' '}
        {me.emailVerified ? (
          <span className="badge badge-success">{t('settings.email.verified')}</span>
        ) : (
          <span className="badge">{t('settings.email.unverified')}</span>
        )}
      </p>
      {change.isSuccess ? (
        <Alert tone="success" testId="email-change-sent">
          {t('settings.email.sent', { email: newEmail.trim() })}
        </Alert>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <FormError
            error={change.error}
            fields={fe}
            labels={{ newEmail: t('fields.newEmail'), password: t('fields.currentPassword') }}
          />
          <TextField
            label={t('fields.newEmail')}
            type="email"
            autoComplete="email"
            required
            value={newEmail}
            onChange={(e) => setNewEmail(e.target.value)}
            error={fe.newEmail}
          />
          <TextField
            label={t('fields.currentPassword')}
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={fe.password}
          />
          <div className="form-actions">
            <Button type="submit" variant="secondary" loading={change.isPending}>
              {t('settings.email.submit')}
            </Button>
          </div>
        </form>
      )}
    </Card>
  );
}
