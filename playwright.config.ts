import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3123);
const DATA_DIR = process.env.E2E_DATA_DIR ?? '.tmp/e2e-data';
const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 2525);
const MAIL_SINK = `http://127.0.0.1:${SMTP_PORT + 1}`;

/**
 * Journeys in Debian's Chromium against the real app: a fresh data directory with the embedded
 * PostgreSQL, started as `npm start` would (minus the build, which `npm test` did just before).
 */
export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    locale: 'de-DE',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  // The foundation journey sets the fresh install up through its first-run page, so it runs first;
  // the other journeys use that install (and set it up through the API when run alone).
  projects: [
    { name: 'foundation', testMatch: /foundation\.spec\.ts/, use: { ...devices['Desktop Chrome'] } },
    {
      name: 'journeys',
      testIgnore: /foundation\.spec\.ts/,
      dependencies: ['foundation'],
      use: { ...devices['Desktop Chrome'] },
    },
  ],
  webServer: [
    {
      // A real SMTP server (smtp-server) the app delivers to; journeys read the mails over HTTP.
      command: 'node tests/e2e/mail-sink.ts',
      url: `${MAIL_SINK}/health`,
      reuseExistingServer: false,
      env: { E2E_SMTP_PORT: String(SMTP_PORT) },
      gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    },
    {
      command: `rm -rf ${DATA_DIR} && node bin/treffpunkt.js start --no-build`,
      url: `http://localhost:${PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
      env: {
        PORT: String(PORT),
        DATA_DIR,
        PUBLIC_URL: `http://localhost:${PORT}`,
        LOG_LEVEL: 'warn',
        NODE_ENV: 'production',
        SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
        MAIL_FROM: 'Praxis-Community <community@example.org>',
        // Every browser of a run comes from 127.0.0.1; the limits are proven by the integration tests.
        RATE_LIMIT: '0',
      },
    },
  ],
});
