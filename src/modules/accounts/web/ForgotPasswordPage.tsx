import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../web/api.ts';
import { useTitle } from '../../../web/session.ts';
import { Alert } from '../../../web/ui/index.ts';
import { EmailOnlyForm } from './EmailOnlyForm.tsx';
import { AuthCard } from './shared.tsx';

export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  useTitle(t('forgot.title'));
  const request = useMutation({
    mutationFn: (email: string) =>
      api.post('/api/auth/request-password-reset', { email, redirectTo: '/reset-password' }),
  });
  return (
    <AuthCard title={t('forgot.title')} lead={request.isSuccess ? undefined : t('forgot.lead')}>
      {request.isSuccess ? (
        <Alert tone="success" testId="forgot-done">
          {t('forgot.done')}
        </Alert>
      ) : (
        <EmailOnlyForm mutation={request} submitLabel={t('forgot.submit')} />
      )}
      <div className="auth-links-below">
        <p>
          <Link to="/login">{t('common.toLogin')}</Link>
        </p>
      </div>
    </AuthCard>
  );
}
