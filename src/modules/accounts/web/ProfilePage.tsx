import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Locale, type Me } from '../../../web/api.ts';
import { type FieldErrors, fieldErrorsOf, hasErrors } from '../../../web/errors.ts';
import { isLocale, LOCALES, setLocale } from '../../../web/i18n/index.ts';
import { keys, queryClient, useMe, useTitle } from '../../../web/session.ts';
import {
  Alert,
  Avatar,
  Button,
  Card,
  FormError,
  ImagePicker,
  Loading,
  PageHeader,
  Select,
  TextArea,
  TextField,
} from '../../../web/ui/index.ts';


const BIO_MAX = 500;

export default function ProfilePage() {
  const { t } = useTranslation();
  useTitle(t('profile.title'));
  const me = useMe().data;
  if (!me) return <Loading />;
  return (
    <>
      <PageHeader title={t('profile.title')} lead={t('profile.lead')} />
      <div className="grid-2">
        <ProfileForm me={me} />
        <AvatarCard me={me} />
      </div>
    </>
  );
}

function ProfileForm({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [name, setName] = useState(me.name);
  const [bio, setBio] = useState(me.bio ?? '');
  const [locale, setLocaleField] = useState<Locale>(me.locale);
  const [errors, setErrors] = useState<FieldErrors>({});

  const save = useMutation({
    mutationFn: () => api.patch<Me>('/api/me', { name: name.trim(), bio: bio.trim() || null, locale }),
    onSuccess: (data) => {
      queryClient.setQueryData(keys.me, data);
      void setLocale(data.locale, true);
    },
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {
      name: !name.trim() ? t('validation.required') : undefined,
      bio: bio.length > BIO_MAX ? t('validation.tooLong', { count: BIO_MAX }) : undefined,
    };
    setErrors(found);
    if (!hasErrors(found)) save.mutate();
  };

  const fe = { ...fieldErrorsOf(save.error, t), ...errors };
  return (
    <Card title={t('profile.aboutYou')}>
      <form onSubmit={onSubmit} noValidate data-testid="profile-form">
        {save.isSuccess && <Alert tone="success">{t('profile.saved')}</Alert>}
        <FormError
          error={save.error}
          fields={fe}
          labels={{ name: t('fields.displayName'), bio: t('fields.bio'), locale: t('fields.language') }}
        />
        <TextField
          label={t('fields.displayName')}
          autoComplete="name"
          required
          maxLength={80}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={fe.name}
        />
        <TextArea
          label={t('fields.bio')}
          hint={t('profile.bioHint')}
          maxLength={BIO_MAX}
          counter
          rows={5}
          value={bio}
          onChange={(e) => setBio(e.target.value)}
          error={fe.bio}
        />
        <Select
          label={t('fields.language')}
          hint={t('profile.languageHint')}
          value={locale}
          onChange={(e) => isLocale(e.target.value) && setLocaleField(e.target.value)}
          error={fe.locale}
        >
          {LOCALES.map((l) => (
            <option key={l} value={l} lang={l}>
              {t(`languages.${l}`)}
            </option>
          ))}
        </Select>
        <div className="form-actions">
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </div>
      </form>
    </Card>
  );
}

function AvatarCard({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [done, setDone] = useState<'uploaded' | 'removed' | null>(null);

  const upload = useMutation({
    mutationFn: (f: File) => {
      const body = new FormData();
      body.append('file', f);
      return api.post<{ image: string }>('/api/me/avatar', body);
    },
    onSuccess: ({ image }) => {
      queryClient.setQueryData<Me | null>(keys.me, (old) => (old ? { ...old, image } : old));
      setFile(null);
      setDone('uploaded');
    },
  });
  const remove = useMutation({
    mutationFn: () => api.delete('/api/me/avatar'),
    onSuccess: () => {
      queryClient.setQueryData<Me | null>(keys.me, (old) => (old ? { ...old, image: null } : old));
      setDone('removed');
    },
  });

  useEffect(() => {
    if (file) setDone(null);
  }, [file]);

  return (
    <Card title={t('profile.avatarTitle')} description={t('profile.avatarLead')}>
      <div className="stack">
        {done && <Alert tone="success">{done === 'uploaded' ? t('profile.avatarSaved') : t('profile.avatarRemoved')}</Alert>}
        <FormError error={upload.error ?? remove.error} />
        <div style={{ display: 'flex', alignItems: 'center', gap: '1rem' }}>
          <Avatar name={me.name} src={me.image} size={96} />
          <p className="muted" style={{ margin: 0 }}>
            {me.image ? t('profile.avatarCurrent') : t('profile.avatarNone')}
          </p>
        </div>
        <ImagePicker
          label={t('profile.chooseImage')}
          file={file}
          onChange={setFile}
          onUpload={(f) => upload.mutate(f)}
          uploading={upload.isPending}
          previewShape="round"
        />
        {me.image && !file && (
          <div>
            <Button variant="secondary" loading={remove.isPending} onClick={() => remove.mutate()}>
              {t('profile.removeAvatar')}
            </Button>
          </div>
        )}
      </div>
    </Card>
  );
}
