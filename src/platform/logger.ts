import { pino } from 'pino';

export type Logger = pino.Logger;

/** One JSON logger for the process; modules take child loggers. */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { app: 'treffpunkt' },
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', '*.password'], remove: true },
  });
}
