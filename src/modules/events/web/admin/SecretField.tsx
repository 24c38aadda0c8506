import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../../web/errors.ts';
import { ConfirmButton, TextField } from '../../../../web/ui/index.ts';
import '../strings.ts';
import { patchSettings } from './data.ts';

const k = 'events.host.settings';

/** A write-only secret: whether one is stored, a box to replace it, and a way to remove it. */
export function SecretField({
  id,
  field,
  label,
  stored,
  value,
  onChange,
  error,
}: {
  id: string;
  field: 'jitsiSecret' | 'bbbSecret';
  label: string;
  stored: boolean;
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  const clear = useMutation({ mutationFn: () => patchSettings({ [field]: '' }) });
  return (
    <div className="stack" style={{ gap: '0.4rem' }}>
      <p className="su-meta" style={{ margin: 0 }}>
        <span>{label}:</span>
        {stored ? (
          <span className="badge badge-success">{t(`${k}.secretSet`)}</span>
        ) : (
          <span className="badge">{t(`${k}.secretNotSet`)}</span>
        )}
        {stored && (
          <ConfirmButton
            label={
              <>
                {t(`${k}.secretClear`)}
                <span className="sr-only">: {label}</span>
              </>
            }
            question={t(`${k}.secretClearQuestion`)}
            confirmLabel={t(`${k}.secretClearConfirm`)}
            loading={clear.isPending}
            onConfirm={() => clear.mutate()}
          />
        )}
      </p>
      {clear.isError && (
        <p className="field-error" role="alert">
          {errorMessage(clear.error, t)}
        </p>
      )}
      <TextField
        id={id}
        type="password"
        autoComplete="new-password"
        label={stored ? t(`${k}.secretReplace`, { label }) : t(`${k}.secretEnter`, { label })}
        hint={stored ? t(`${k}.secretHint`) : t(`${k}.secretHintNew`)}
        maxLength={500}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        error={error}
      />
    </div>
  );
}
