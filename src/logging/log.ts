// One logger for the whole bot (pino), created in app/ and handed down. Redaction is
// configured here, once: tokens, passwords and personal data are removed by the logger
// itself, whatever a call site passes it, so no module has to remember to.
//   - fields named like personal data or secrets (name, phone, text, token …) are replaced;
//   - in every string, the configured secret values, anything shaped like a bot token or a
//     database password, and phone numbers in any spelling are masked.
// On a terminal the lines are readable; elsewhere (a service) they are JSON, one per line.
import pino from 'pino';
import pretty from 'pino-pretty';
import { maskPhones } from '../privacy/phones.ts';

/** What modules need of a logger; pino's fits, and tests pass a recorder. */
export interface Log {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LoggerOptions {
  level?: LogLevel;
  /** Values never to appear in a log line: tokens, passwords. */
  secrets?: readonly (string | undefined)[];
  /** Readable lines instead of JSON; default: when stderr is a terminal. */
  pretty?: boolean;
  /** Where lines go; default stderr, so that command output on stdout stays clean. */
  destination?: NodeJS.WritableStream;
}

const HIDDEN = '[ẩn]';
/** Field names whose values are never logged, at the top level or one level down. */
const PRIVATE_FIELDS = ['name', 'displayName', 'phone', 'address', 'sender', 'text', 'content', 'token', 'password', 'secret', 'cookie', 'authorization'];

// "123456:AAH…" (Telegram, Zalo bot tokens), "bot123:abc" in API URLs, "postgres://user:pass@".
const TOKEN_SHAPES: [RegExp, string][] = [
  [/\b\d{5,}:[A-Za-z0-9_-]{16,}\b/g, '<token>'],
  [/\bbot[^/\s]{10,}(?=\/)/g, 'bot<token>'],
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:)[^@\s]+@/gi, '$1***@'],
];

/** A function that removes secrets and phone numbers from any text. */
export function scrubber(secrets: readonly (string | undefined)[] = []): (text: string) => string {
  const values = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 6).sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const value of values) out = out.split(value).join('<bí mật>');
    for (const [shape, replacement] of TOKEN_SHAPES) out = out.replace(shape, replacement);
    return maskPhones(out);
  };
}

export function createLogger(options: LoggerOptions = {}): pino.Logger {
  const scrub = scrubber(options.secrets);
  const errSerializer = (err: Error) => {
    const s = pino.stdSerializers.err(err);
    return { ...s, message: scrub(s.message ?? ''), stack: scrub(s.stack ?? '') };
  };
  const usePretty = options.pretty ?? (!options.destination && process.stderr.isTTY === true);
  const destination = options.destination ?? (usePretty ? process.stderr : pino.destination({ fd: 2, sync: true }));
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: PRIVATE_FIELDS.flatMap((f) => [f, `*.${f}`]), censor: HIDDEN },
      serializers: { err: errSerializer, error: errSerializer },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? scrub(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    usePretty ? pretty({ destination, colorize: process.stderr.isTTY === true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', sync: true }) : destination,
  );
}

/** A logger that writes nothing: for tests and one-shot commands that print their own output. */
export const silentLog: Log = { debug() {}, info() {}, warn() {}, error() {} };
