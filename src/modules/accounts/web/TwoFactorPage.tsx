import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../../web/api.ts';
import { type FieldErrors, hasErrors } from '../../../web/errors.ts';
import { keys, queryClient, useTitle } from '../../../web/session.ts';
import { Button, Checkbox, FormError, TextField } from '../../../web/ui/index.ts';
import { AuthCard, safeNext } from './shared.tsx';

export default function TwoFactorPage() {
  const { t } = useTranslation();
  useTitle(t('twoFactor.title'));
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [useBackup, setUseBackup] = useState(false);
  const [code, setCode] = useState('');
  const [trustDevice, setTrustDevice] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});

  const verify = useMutation({
    mutationFn: () =>
      useBackup
        ? api.post('/api/auth/two-factor/verify-backup-code', { code: code.trim() })
        : api.post('/api/auth/two-factor/verify-totp', { code: code.replace(/\s/g, ''), trustDevice }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.me });
      navigate(safeNext(params.get('next')), { replace: true });
    },
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found = { code: code.trim() ? undefined : t('validation.required') };
    setErrors(found);
    if (!hasErrors(found)) verify.mutate();
  };

  const label = useBackup ? t('twoFactor.backupCode') : t('twoFactor.code');
  return (
    <AuthCard title={t('twoFactor.title')} lead={useBackup ? t('twoFactor.backupLead') : t('twoFactor.lead')}>
      <FormError error={verify.error} fields={errors} labels={{ code: label }} />
      <form onSubmit={onSubmit} noValidate>
        <TextField
          key={useBackup ? 'backup' : 'totp'}
          label={label}
          autoComplete="one-time-code"
          inputMode={useBackup ? 'text' : 'numeric'}
          required
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={errors.code}
        />
        {!useBackup && (
          <Checkbox
            label={t('twoFactor.trustDevice')}
            checked={trustDevice}
            onChange={(e) => setTrustDevice(e.target.checked)}
          />
        )}
        <div className="form-actions">
          <Button type="submit" loading={verify.isPending}>
            {t('twoFactor.submit')}
          </Button>
        </div>
      </form>
      <div className="auth-links-below">
        <p>
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setUseBackup((b) => !b);
              setCode('');
              setErrors({});
              verify.reset();
            }}
          >
            {useBackup ? t('twoFactor.useApp') : t('twoFactor.useBackup')}
          </button>
        </p>
        <p>
          <Link to="/login">{t('common.toLogin')}</Link>
        </p>
      </div>
    </AuthCard>
  );
}
