import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../../web/api.ts';
import { type FieldErrors, fieldErrorsOf, hasErrors } from '../../../../web/errors.ts';
import { keys, queryClient } from '../../../../web/session.ts';
import { Alert, Button, Card, Checkbox, FormError, TextField } from '../../../../web/ui/index.ts';
import { NewPasswordFields, PASSWORD_MIN } from '../shared.tsx';

export function PasswordSection() {
  const { t } = useTranslation();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [confirm, setConfirm] = useState('');
  const [revokeOtherSessions, setRevoke] = useState(true);
  const [errors, setErrors] = useState<FieldErrors>({});
  const change = useMutation({
    mutationFn: () => api.post('/api/me/password', { currentPassword, newPassword, revokeOtherSessions }),
    onSuccess: () => {
      setCurrent('');
      setNew('');
      setConfirm('');
      void queryClient.invalidateQueries({ queryKey: keys.sessions });
    },
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {
      currentPassword: currentPassword ? undefined : t('validation.required'),
      newPassword:
        newPassword.length < PASSWORD_MIN ? t('validation.passwordMin', { count: PASSWORD_MIN }) : undefined,
      confirm: confirm !== newPassword ? t('validation.passwordMismatch') : undefined,
    };
    setErrors(found);
    if (!hasErrors(found)) change.mutate();
  };

  const fe = { ...fieldErrorsOf(change.error, t), ...errors };
  return (
    <Card title={t('settings.password.title')}>
      <form onSubmit={onSubmit} noValidate>
        {change.isSuccess && <Alert tone="success">{t('settings.password.done')}</Alert>}
        <FormError
          error={change.error}
          fields={fe}
          labels={{
            currentPassword: t('fields.currentPassword'),
            newPassword: t('fields.newPassword'),
            confirm: t('fields.confirmPassword'),
          }}
        />
        <TextField
          label={t('fields.currentPassword')}
          type="password"
          autoComplete="current-password"
          required
          value={currentPassword}
          onChange={(e) => setCurrent(e.target.value)}
          error={fe.currentPassword}
        />
        <NewPasswordFields value={newPassword} confirm={confirm} onChange={setNew} onConfirm={setConfirm} errors={fe} />
        <Checkbox
          label={t('settings.password.revokeOthers')}
          checked={revokeOtherSessions}
          onChange={(e) => setRevoke(e.target.checked)}
        />
        <div className="form-actions">
          <Button type="submit" variant="secondary" loading={change.isPending}>
            {t('settings.password.submit')}
          </Button>
        </div>
      </form>
    </Card>
  );
}
