// Errors from zca-js (the listener's `error` event, a refused send) made safe to log and
// to act on. For a socket error the listener hands over the `ws` package's ErrorEvent, not
// an Error: its `message` and `error` are prototype getters, so it prints as "{}" unless
// read field by field. For a failure while decoding a frame it is a real Error, whose
// message may quote part of what was received: quoted text and long digit runs (ids,
// phone numbers) are masked.

export interface ZaloErrorInfo {
  /** Short, masked, for the log. */
  text: string;
  /** The HTTP status when Zalo refused the websocket handshake ("Unexpected server response: 401"). */
  refusedStatus?: number;
  /** The machine's network failed (DNS, refused, reset, timed out): says nothing about the session. */
  network: boolean;
}

const MAX_LENGTH = 160;

/** Error codes of a connection that did not get through; Zalo never saw the session. */
const NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'ENETUNREACH', 'ENETDOWN', 'EHOSTUNREACH', 'EHOSTDOWN', 'EPIPE']);

export function describeZaloError(error: unknown): ZaloErrorInfo {
  const raw = messageOf(error);
  const refused = /^Unexpected server response: (\d{3})\b/.exec(raw ?? '');
  return {
    text: raw === undefined ? `không rõ (${error === null ? 'null' : typeof error})` : mask(raw),
    refusedStatus: refused ? Number(refused[1]) : undefined,
    network: NETWORK_CODES.has(codeOf(error) ?? ''),
  };
}

function messageOf(error: unknown): string | undefined {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  if (typeof error !== 'object' || error === null) return undefined;
  const event = error as { message?: unknown; error?: { message?: unknown } };
  const message = event.message ?? event.error?.message;
  return typeof message === 'string' ? message : undefined;
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const direct = (error as { code?: unknown }).code;
  const inner = (error as { error?: { code?: unknown } }).error?.code;
  const code = typeof direct === 'string' ? direct : inner;
  return typeof code === 'string' ? code : undefined;
}

function mask(message: string): string {
  const masked = message
    .replace(/"[^"]*"|'[^']*'|`[^`]*`|“[^”]*”/g, '"…"')
    .replace(/\d{7,}/g, '…')
    .replace(/\s+/g, ' ')
    .trim();
  return masked.length > MAX_LENGTH ? `${masked.slice(0, MAX_LENGTH - 1)}…` : masked || 'không có mô tả';
}
