import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { api, type Me } from '../../../web/api.ts';
import { type FieldErrors, fieldErrorsOf, hasErrors } from '../../../web/errors.ts';
import { keys, queryClient, refreshBrandCss, useCommunity, useTitle } from '../../../web/session.ts';
import { Button, Card, FormError, Loading, TextField } from '../../../web/ui/index.ts';
import { DEFAULT_BRAND, isHexColor } from '../brand.ts';
import { BrandColorField, BrandPreview } from './BrandPreview.tsx';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PASSWORD_MIN = 10;

export default function SetupPage() {
  const { t, i18n } = useTranslation();
  useTitle(t('setup.title'));
  const navigate = useNavigate();
  const community = useCommunity();
  const [communityName, setCommunityName] = useState('');
  const [brandColor, setBrandColor] = useState(DEFAULT_BRAND);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});

  const setup = useMutation({
    mutationFn: () =>
      api.post<{ user: Me }>('/api/setup', {
        communityName: communityName.trim(),
        brandColor,
        name: name.trim(),
        email: email.trim(),
        password,
        locale: i18n.resolvedLanguage ?? 'de',
      }),
    onSuccess: async () => {
      refreshBrandCss();
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.community }),
        queryClient.invalidateQueries({ queryKey: keys.me }),
      ]);
      navigate('/', { replace: true });
    },
  });

  if (community.isPending) return <Loading />;
  if (community.data && !community.data.setupNeeded && !setup.isPending && !setup.isSuccess) {
    return <Navigate to="/" replace />;
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {
      communityName: communityName.trim() ? undefined : t('validation.required'),
      brandColor: isHexColor(brandColor) ? undefined : t('validation.color'),
      name: name.trim() ? undefined : t('validation.required'),
      email: EMAIL.test(email.trim()) ? undefined : t('validation.email'),
      password: password.length < PASSWORD_MIN ? t('validation.passwordMin', { count: PASSWORD_MIN }) : undefined,
    };
    setErrors(found);
    if (!hasErrors(found)) setup.mutate();
  };

  const fe = { ...fieldErrorsOf(setup.error, t), ...errors };
  return (
    <div style={{ maxWidth: '52rem', margin: '0 auto' }}>
      <div className="page-header">
        <div>
          <h1>{t('setup.title')}</h1>
          <p className="page-lead">{t('setup.lead')}</p>
        </div>
      </div>
      <form onSubmit={onSubmit} noValidate data-testid="setup-form">
        <FormError
          error={setup.error}
          fields={fe}
          labels={{
            communityName: t('fields.communityName'),
            brandColor: t('fields.brandColor'),
            name: t('fields.name'),
            email: t('fields.email'),
            password: t('fields.password'),
          }}
        />
        <Card title={t('setup.communityStep')}>
          <div className="grid-2">
            <div className="stack" style={{ gap: '1.1rem' }}>
              <TextField
                label={t('fields.communityName')}
                required
                maxLength={80}
                value={communityName}
                onChange={(e) => setCommunityName(e.target.value)}
                error={fe.communityName}
              />
              <BrandColorField value={brandColor} onChange={setBrandColor} error={fe.brandColor} />
            </div>
            <BrandPreview color={brandColor} name={communityName} />
          </div>
        </Card>
        <Card title={t('setup.ownerStep')} description={t('setup.ownerLead')}>
          <div className="stack" style={{ gap: '1.1rem', maxWidth: '30rem' }}>
            <TextField
              label={t('fields.name')}
              autoComplete="name"
              required
              value={name}
              onChange={(e) => setName(e.target.value)}
              error={fe.name}
            />
            <TextField
              label={t('fields.email')}
              type="email"
              autoComplete="email"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              error={fe.email}
            />
            <TextField
              label={t('fields.password')}
              type="password"
              autoComplete="new-password"
              required
              hint={t('fields.passwordHint', { count: PASSWORD_MIN })}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              error={fe.password}
            />
          </div>
        </Card>
        <div className="form-actions">
          <Button type="submit" loading={setup.isPending}>
            {t('setup.submit')}
          </Button>
        </div>
      </form>
    </div>
  );
}
