import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../../../web/api.ts';
import { type FieldErrors, fieldErrorsOf, hasErrors } from '../../../../web/errors.ts';
import { keys, queryClient } from '../../../../web/session.ts';
import { Button, Card, Checkbox, FormError, TextField } from '../../../../web/ui/index.ts';

export function DeleteAccountSection() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const remove = useMutation({
    mutationFn: () => api.delete('/api/me', { password }),
    onSuccess: () => {
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'community' });
      queryClient.setQueryData(keys.me, null);
      navigate('/', { replace: true, state: { flash: 'accountDeleted' } });
    },
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {
      password: password ? undefined : t('validation.required'),
      confirm: confirmed ? undefined : t('settings.delete.confirmRequired'),
    };
    setErrors(found);
    if (!hasErrors(found)) remove.mutate();
  };

  const fe = { ...fieldErrorsOf(remove.error, t), ...errors };
  return (
    <Card title={t('settings.delete.title')} description={t('settings.delete.lead')} data-testid="delete-account">
      {!open ? (
        <Button variant="danger" onClick={() => setOpen(true)}>
          {t('settings.delete.start')}
        </Button>
      ) : (
        <form onSubmit={onSubmit} noValidate style={{ maxWidth: '30rem' }}>
          <FormError
            error={remove.error}
            fields={fe}
            labels={{ password: t('fields.currentPassword'), confirm: t('settings.delete.confirmShort') }}
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
          <Checkbox
            label={t('settings.delete.confirm')}
            checked={confirmed}
            onChange={(e) => setConfirmed(e.target.checked)}
            error={fe.confirm}
          />
          <div className="form-actions">
            <Button type="submit" variant="danger" loading={remove.isPending}>
              {t('settings.delete.submit')}
            </Button>
            <Button variant="ghost" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </Button>
          </div>
        </form>
      )}
    </Card>
  );
}
