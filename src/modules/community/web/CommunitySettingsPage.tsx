import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Community, type Locale } from '../../../web/api.ts';
import { type FieldErrors, fieldErrorsOf, hasErrors } from '../../../web/errors.ts';
import { isLocale, LOCALES } from '../../../web/i18n/index.ts';
import { keys, queryClient, refreshBrandCss, useCommunity, useTitle } from '../../../web/session.ts';
import { Alert, Button, Card, FormError, ImagePicker, Loading, Select, TextField } from '../../../web/ui/index.ts';
import { isHexColor } from '../brand.ts';
import { BrandColorField, BrandPreview } from './BrandPreview.tsx';

export default function CommunitySettingsPage() {
  const { t } = useTranslation();
  useTitle(t('admin.community.title'));
  const community = useCommunity().data;
  if (!community) return <Loading />;
  return (
    <div className="stack">
      <CommunityForm community={community} />
      <LogoCard community={community} />
    </div>
  );
}

function CommunityForm({ community }: { community: Community }) {
  const { t } = useTranslation();
  const [name, setName] = useState(community.name);
  const [brandColor, setBrandColor] = useState(community.brandColor);
  const [defaultLocale, setDefaultLocale] = useState<Locale>(community.defaultLocale);
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useMutation({
    mutationFn: () => api.patch<Community>('/api/community', { name: name.trim(), brandColor, defaultLocale }),
    onSuccess: (data) => {
      queryClient.setQueryData(keys.community, data);
      refreshBrandCss();
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {
      name: name.trim() ? undefined : t('validation.required'),
      brandColor: isHexColor(brandColor) ? undefined : t('validation.color'),
    };
    setErrors(found);
    if (!hasErrors(found)) save.mutate();
  };
  const fe = { ...fieldErrorsOf(save.error, t), ...errors };
  return (
    <Card title={t('admin.community.title')} description={t('admin.community.lead')}>
      <form onSubmit={onSubmit} noValidate data-testid="community-form">
        {save.isSuccess && <Alert tone="success">{t('admin.community.saved')}</Alert>}
        <FormError
          error={save.error}
          fields={fe}
          labels={{
            name: t('fields.communityName'),
            brandColor: t('fields.brandColor'),
            defaultLocale: t('fields.defaultLanguage'),
          }}
        />
        <div className="grid-2">
          <div className="stack" style={{ gap: '1.1rem' }}>
            <TextField
              label={t('fields.communityName')}
              required
              maxLength={80}
              value={name}
              onChange={(e) => setName(e.target.value)}
              error={fe.name}
            />
            <Select
              label={t('fields.defaultLanguage')}
              hint={t('admin.community.defaultLanguageHint')}
              value={defaultLocale}
              onChange={(e) => isLocale(e.target.value) && setDefaultLocale(e.target.value)}
              error={fe.defaultLocale}
            >
              {LOCALES.map((l) => (
                <option key={l} value={l} lang={l}>
                  {t(`languages.${l}`)}
                </option>
              ))}
            </Select>
            <BrandColorField value={brandColor} onChange={setBrandColor} error={fe.brandColor} />
          </div>
          <BrandPreview color={brandColor} name={name} />
        </div>
        <div className="form-actions">
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </div>
      </form>
    </Card>
  );
}

function LogoCard({ community }: { community: Community }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const onSuccess = (data: Community) => {
    queryClient.setQueryData(keys.community, data);
    setFile(null);
  };
  const upload = useMutation({
    mutationFn: (f: File) => {
      const body = new FormData();
      body.append('file', f);
      return api.post<Community>('/api/community/logo', body);
    },
    onSuccess,
  });
  const remove = useMutation({ mutationFn: () => api.delete<Community>('/api/community/logo'), onSuccess });
  return (
    <Card title={t('admin.community.logoTitle')} description={t('admin.community.logoLead')}>
      <div className="stack">
        <FormError error={upload.error ?? remove.error} />
        {community.logoUrl ? (
          <img
            src={community.logoUrl}
            alt={t('admin.community.currentLogo')}
            style={{ maxHeight: 80, maxWidth: 240, objectFit: 'contain', alignSelf: 'start' }}
          />
        ) : (
          <p className="muted">{t('admin.community.noLogo')}</p>
        )}
        <ImagePicker
          label={t('admin.community.chooseLogo')}
          file={file}
          onChange={setFile}
          onUpload={(f) => upload.mutate(f)}
          uploading={upload.isPending}
        />
        {community.logoUrl && !file && (
          <div>
            <Button variant="secondary" loading={remove.isPending} onClick={() => remove.mutate()}>
              {t('admin.community.removeLogo')}
            </Button>
          </div>
        )}
      </div>
    </Card>
  );
}
