import http from 'node:http';
import { startSmtpSink } from '../helpers/smtp-sink.ts';

// A real SMTP server for the browser journeys, run by Playwright as a web server next to the app.
// The app delivers to it over SMTP; tests read what arrived over HTTP: GET /messages?to=<address>.
const smtpPort = Number(process.env.E2E_SMTP_PORT ?? 2525);
const sink = await startSmtpSink(smtpPort);

http
  .createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/health') {
      res.end('ok');
      return;
    }
    const to = url.searchParams.get('to');
    const messages = sink.messages
      .filter((m) => !to || m.to.includes(to))
      .map(({ to, from, subject, text, html }) => ({ to, from, subject, text, html }));
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(messages));
  })
  .listen(smtpPort + 1, '127.0.0.1');

const close = () => sink.close().finally(() => process.exit(0));
process.on('SIGTERM', close);
process.on('SIGINT', close);
