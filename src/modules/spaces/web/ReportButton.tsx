import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../web/api.ts';
import { errorMessage } from '../../../web/errors.ts';
import { Alert, Button, Dialog, TextArea } from '../../../web/ui/index.ts';

export const REPORT_REASONS = ['spam', 'harassment', 'off_topic', 'privacy', 'other'] as const;
type Reason = (typeof REPORT_REASONS)[number];

/** "Melden" on a post or comment: a small dialog with the reason and an optional note for the moderators. */
export function ReportButton({ targetType, targetId, context }: { targetType: 'post' | 'comment'; targetId: string; context: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="ghost" size="sm" aria-haspopup="dialog" onClick={() => setOpen(true)} data-testid="report">
        {t('moderation.report.open')}
        <span className="sr-only"> {context}</span>
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={t(`moderation.report.title_${targetType}`)}
        testId="report-dialog"
      >
        <ReportForm targetType={targetType} targetId={targetId} onClose={() => setOpen(false)} />
      </Dialog>
    </>
  );
}

function ReportForm({ targetType, targetId, onClose }: { targetType: 'post' | 'comment'; targetId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [reason, setReason] = useState<Reason | null>(null);
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const firstRadio = useRef<HTMLInputElement>(null);
  const send = useMutation({
    mutationFn: () => api.post('/api/reports', { targetType, targetId, reason, ...(note.trim() ? { note: note.trim() } : {}) }),
  });

  if (send.isSuccess) {
    return (
      <div className="stack dialog-body">
        <Alert tone="success" testId="report-sent">
          {t('moderation.report.thanks')}
        </Alert>
        <div className="form-actions">
          <Button autoFocus onClick={onClose}>
            {t('common.close')}
          </Button>
        </div>
      </div>
    );
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason) {
      setMissing(true);
      firstRadio.current?.focus();
      return;
    }
    send.mutate();
  };
  return (
    <form onSubmit={submit} noValidate className="stack dialog-body">
      <p className="muted">{t('moderation.report.lead')}</p>
      <fieldset className="radio-stack" aria-describedby={missing ? `${id}-missing` : undefined}>
        <legend>{t('moderation.report.reason')}</legend>
        {REPORT_REASONS.map((r, i) => (
          <label key={r} className="radio-label">
            <input
              ref={i === 0 ? firstRadio : undefined}
              type="radio"
              name={`${id}-reason`}
              value={r}
              checked={reason === r}
              aria-invalid={missing && !reason ? true : undefined}
              onChange={() => {
                setReason(r);
                setMissing(false);
              }}
            />
            {t(`moderation.reasons.${r}`)}
          </label>
        ))}
        {missing && (
          <p className="field-error" id={`${id}-missing`}>
            {t('moderation.report.reasonMissing')}
          </p>
        )}
      </fieldset>
      <TextArea
        label={t('moderation.report.note')}
        hint={t('moderation.report.noteHint')}
        rows={3}
        maxLength={1000}
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
      {send.isError && (
        <p className="field-error" role="alert">
          {errorMessage(send.error, t)}
        </p>
      )}
      <div className="form-actions">
        <Button type="submit" loading={send.isPending}>
          {t('moderation.report.send')}
        </Button>
        <Button variant="ghost" onClick={onClose}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
