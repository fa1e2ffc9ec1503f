// The Zalo Bot Platform's HTTP API, as its documentation gives it: every method is a POST
// with a JSON body to `<root>/bot<TOKEN>/<method>`, answered with `{ok: true, result}` or
// `{ok: false, error_code, description}`, sometimes with HTTP 200 and sometimes with the
// code as the HTTP status, and now and then an HTML error page from a gateway. This client
// reads every one of those the same way. The token is in the URL path: no error this
// client throws contains a URL, and descriptions are scrubbed of the token.
//
// No kept client library exists for this platform (the official npm SDK is an obfuscated
// fork of a Telegram library), so this is a small fetch wrapper of its own.

export const ZALO_BOT_API_ROOT = 'https://bot-api.zaloplatforms.com';

/** The platform's error codes this bot acts on (its documentation's table). */
export const ZaloBotErrorCode = {
  BadRequest: 400,
  Unauthorized: 401,
  /** Documented, oddly, as "Internal server error". */
  Forbidden: 403,
  NotFound: 404,
  /** getUpdates: no update came during the wait. */
  Timeout: 408,
  QuotaExceeded: 429,
} as const;

export class ZaloBotApiError extends Error {
  override name = 'ZaloBotApiError';
  constructor(
    readonly method: string,
    /** The platform's error_code, the HTTP status when there was none, or 0 for a network failure. */
    readonly code: number,
    readonly description: string,
  ) {
    super(`Zalo Bot API ${method}: ${code ? `lỗi ${code}` : 'không kết nối được'}${description ? ` (${description})` : ''}`);
  }

  /** A revoked or mistyped token: nothing works until someone changes it. */
  get isUnauthorized(): boolean {
    return this.code === ZaloBotErrorCode.Unauthorized;
  }

  /** Trying again later may work: network failures, timeouts, quota, the platform's own errors. */
  get isRetryable(): boolean {
    return this.code === 0 || this.code === 403 || this.code === 408 || this.code === 425 || this.code === 429 || this.code >= 500;
  }
}

export interface ZaloBotUser {
  id: string;
  account_name?: string;
  display_name?: string;
}

export interface SentMessage {
  message_id: string;
  date?: number;
}

export interface ZaloBotApiOptions {
  token: string;
  apiRoot?: string;
  /** Longest wait for an answer beyond a long poll's own timeout. */
  timeoutMs?: number;
}

export class ZaloBotApi {
  private readonly base: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: ZaloBotApiOptions) {
    this.base = `${(options.apiRoot ?? ZALO_BOT_API_ROOT).replace(/\/+$/, '')}/bot${options.token}`;
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  getMe(): Promise<ZaloBotUser> {
    return this.call('getMe', {});
  }

  /**
   * Waits up to `timeoutSeconds` for ONE update, which the platform forgets once it has
   * answered; undefined when none came (error 408, or an empty result).
   */
  async getUpdate(timeoutSeconds: number, signal?: AbortSignal): Promise<unknown> {
    try {
      const result = await this.call<unknown>('getUpdates', { timeout: timeoutSeconds }, { signal, timeoutMs: timeoutSeconds * 1000 + this.timeoutMs });
      return result && typeof result === 'object' && Object.keys(result).length ? result : undefined;
    } catch (err) {
      if (err instanceof ZaloBotApiError && err.code === ZaloBotErrorCode.Timeout) return undefined;
      throw err;
    }
  }

  setWebhook(url: string, secretToken: string): Promise<unknown> {
    return this.call('setWebhook', { url, secret_token: secretToken });
  }

  async deleteWebhook(): Promise<void> {
    await this.call('deleteWebhook', {});
  }

  /** `text`: 1 to 2,000 characters. */
  sendMessage(chatId: string, text: string): Promise<SentMessage> {
    return this.call('sendMessage', { chat_id: chatId, text });
  }

  async sendChatAction(chatId: string, action: 'typing'): Promise<void> {
    await this.call('sendChatAction', { chat_id: chatId, action });
  }

  /** Removes the token wherever a gateway may have echoed it. */
  redact(text: string): string {
    return text.split(this.options.token).join('<token>');
  }

  private async call<T>(method: string, body: object, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<T> {
    const timeout = AbortSignal.timeout(options.timeoutMs ?? this.timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.base}/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
      });
      text = await response.text();
    } catch (err) {
      if (options.signal?.aborted) throw options.signal.reason ?? err;
      const cause = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
      throw new ZaloBotApiError(method, 0, this.redact(timeout.aborted ? 'hết thời gian chờ' : cause));
    }
    let envelope: { ok?: unknown; result?: unknown; error_code?: unknown; description?: unknown } | undefined;
    try {
      envelope = JSON.parse(text) as typeof envelope;
    } catch {
      // A gateway's HTML page (e.g. nginx's 429): the status is all there is to go on.
    }
    if (envelope?.ok === true && response.ok) return envelope.result as T;
    const code = Number(envelope?.error_code) || response.status || 0;
    const description = typeof envelope?.description === 'string' ? envelope.description : `HTTP ${response.status}`;
    throw new ZaloBotApiError(method, code, this.redact(description).slice(0, 300));
  }
}
