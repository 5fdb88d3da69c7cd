import { pino, type Logger } from 'pino';

/** Structured JSON logs. Credentials-bearing headers are redacted wherever they appear. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.authorization', '*.privateKey', '*.sealed_private_key'],
      censor: '[redacted]',
    },
  });
}
