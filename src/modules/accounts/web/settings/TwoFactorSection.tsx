import { useMutation } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Me } from '../../../../web/api.ts';
import { type FieldErrors, hasErrors } from '../../../../web/errors.ts';
import { keys, queryClient } from '../../../../web/session.ts';
import { Alert, Button, Card, FormError, TextField } from '../../../../web/ui/index.ts';

type Enrolment = { totpURI: string; backupCodes: string[] };

/** The base32 secret inside an otpauth:// URI, for people who type it into their app by hand. */
export function secretOf(uri: string): string {
  try {
    return new URL(uri).searchParams.get('secret') ?? '';
  } catch {
    return '';
  }
}

const groups = (s: string) => s.match(/.{1,4}/g)?.join(' ') ?? s;

export function TwoFactorSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [codesToShow, setCodesToShow] = useState<string[] | null>(null);

  let body: ReactNode;
  if (codesToShow) {
    body = <BackupCodes codes={codesToShow} onDone={() => setCodesToShow(null)} />;
  } else if (enrolment) {
    body = (
      <ConfirmTotp
        enrolment={enrolment}
        onCancel={() => setEnrolment(null)}
        onConfirmed={() => {
          setCodesToShow(enrolment.backupCodes);
          setEnrolment(null);
        }}
      />
    );
  } else if (me.twoFactorEnabled) {
    body = <DisableTotp />;
  } else {
    body = <EnableTotp onStarted={setEnrolment} />;
  }

  return (
    <Card title={t('settings.twoFactor.title')} data-testid="two-factor-section">
      <p>
        {t('settings.twoFactor.status')}{' '}
        {me.twoFactorEnabled ? (
          <span className="badge badge-success">{t('settings.twoFactor.on')}</span>
        ) : (
          <span className="badge">{t('settings.twoFactor.off')}</span>
        )}
      </p>
      <p className="muted">{t('settings.twoFactor.lead')}</p>
      {body}
    </Card>
  );
}

function PasswordForm({
  submitLabel,
  variant,
  onSubmit,
  pending,
  error,
}: {
  submitLabel: string;
  variant: 'primary' | 'danger' | 'secondary';
  onSubmit: (password: string) => void;
  pending: boolean;
  error: unknown;
}) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = { password: password ? undefined : t('validation.required') };
    setErrors(found);
    if (!hasErrors(found)) onSubmit(password);
  };
  return (
    <form onSubmit={submit} noValidate style={{ maxWidth: '28rem' }}>
      <FormError error={error} fields={errors} labels={{ password: t('fields.currentPassword') }} />
      <TextField
        label={t('fields.currentPassword')}
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.password}
      />
      <div className="form-actions">
        <Button type="submit" variant={variant} loading={pending}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}

function EnableTotp({ onStarted }: { onStarted: (e: Enrolment) => void }) {
  const { t } = useTranslation();
  const enable = useMutation({
    mutationFn: (password: string) => api.post<Enrolment>('/api/auth/two-factor/enable', { password }),
    onSuccess: onStarted,
  });
  return (
    <PasswordForm
      submitLabel={t('settings.twoFactor.enable')}
      variant="primary"
      onSubmit={(p) => enable.mutate(p)}
      pending={enable.isPending}
      error={enable.error}
    />
  );
}

function DisableTotp() {
  const { t } = useTranslation();
  const disable = useMutation({
    mutationFn: (password: string) => api.post('/api/auth/two-factor/disable', { password }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.me }),
  });
  return (
    <PasswordForm
      submitLabel={t('settings.twoFactor.disable')}
      variant="danger"
      onSubmit={(p) => disable.mutate(p)}
      pending={disable.isPending}
      error={disable.error}
    />
  );
}

function ConfirmTotp({
  enrolment,
  onConfirmed,
  onCancel,
}: {
  enrolment: Enrolment;
  onConfirmed: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const verify = useMutation({
    mutationFn: () => api.post('/api/auth/two-factor/verify-totp', { code: code.replace(/\s/g, '') }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.me });
      onConfirmed();
    },
  });
  const secret = secretOf(enrolment.totpURI);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = { code: /^\d{6}$/.test(code.replace(/\s/g, '')) ? undefined : t('settings.twoFactor.codeFormat') };
    setErrors(found);
    if (!hasErrors(found)) verify.mutate();
  };
  return (
    <div className="stack">
      <ol style={{ margin: 0, paddingLeft: '1.25rem', display: 'grid', gap: '0.75rem' }}>
        <li>
          <p style={{ marginBottom: '0.5rem' }}>{t('settings.twoFactor.step1')}</p>
          <p style={{ marginBottom: '0.5rem' }}>
            <a href={enrolment.totpURI}>{t('settings.twoFactor.openInApp')}</a>
          </p>
          <p style={{ marginBottom: '0.25rem' }}>{t('settings.twoFactor.manual')}</p>
          <p className="secret" data-testid="totp-secret" data-secret={secret}>
            {groups(secret)}
          </p>
        </li>
        <li>{t('settings.twoFactor.step2')}</li>
      </ol>
      <form onSubmit={submit} noValidate style={{ maxWidth: '28rem' }}>
        <FormError error={verify.error} fields={errors} labels={{ code: t('twoFactor.code') }} />
        <TextField
          label={t('twoFactor.code')}
          autoComplete="one-time-code"
          inputMode="numeric"
          required
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={errors.code}
        />
        <div className="form-actions">
          <Button type="submit" loading={verify.isPending}>
            {t('settings.twoFactor.confirm')}
          </Button>
          <Button variant="ghost" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        </div>
      </form>
    </div>
  );
}

function BackupCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="stack">
      <Alert tone="success" title={t('settings.twoFactor.enabled')}>
        <p>{t('settings.twoFactor.backupText')}</p>
      </Alert>
      <ul className="codes" data-testid="backup-codes" aria-label={t('settings.twoFactor.backupCodes')}>
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <div className="form-actions">
        <Button variant="secondary" onClick={() => void navigator.clipboard?.writeText(codes.join('\n'))}>
          {t('settings.twoFactor.copy')}
        </Button>
        <Button onClick={onDone}>{t('settings.twoFactor.savedCodes')}</Button>
      </div>
    </div>
  );
}
