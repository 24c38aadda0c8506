import { useTranslation } from 'react-i18next';
import { Link, useRouteError } from 'react-router';
import { errorMessage } from './errors.ts';
import { Button, Card } from './ui/index.ts';

/** Shown when a page throws or its code cannot be loaded (e.g. right after an update). */
export function RouteError({ standalone = false }: { standalone?: boolean }) {
  const { t } = useTranslation();
  const error = useRouteError();
  const chunkFailed = error instanceof TypeError && /import|module/i.test(error.message);
  const content = (
    <Card title={t('routeError.title')}>
        <p role="alert">{chunkFailed ? t('routeError.reloadHint') : errorMessage(error, t)}</p>
        <div className="form-actions">
          <Button onClick={() => window.location.reload()}>{t('routeError.reload')}</Button>
          <Link to="/">{t('common.backHome')}</Link>
        </div>
    </Card>
  );
  // Inside the layout the page already sits in <main>; at the top it has to bring its own.
  return standalone ? (
    <main id="main" className="site-main narrow">
      {content}
    </main>
  ) : (
    content
  );
}
