// Keeps a chat channel running: a channel that cannot connect (Telegram unreachable, Zalo
// down) or drops out later is started again with growing waits, while the rest of the bot
// goes on serving. Only a failure that waiting cannot mend (a revoked token, a Zalo session
// taken over) gives the channel up, and the service decides what that means.
import { retryDelay, type Backoff } from '../outbox/backoff.ts';
import type { Log } from '../logging/log.ts';

export interface SupervisedChannel {
  readonly name: string;
  /** Connects; resolves once running, with `done`, which settles when the channel stops by itself (rejects on failure). */
  start(): Promise<{ done: Promise<unknown> }>;
  stop(): Promise<void>;
  /** True for failures retrying cannot mend. */
  isPermanent(err: unknown): boolean;
}

export type ChannelState = 'starting' | 'running' | 'retrying' | 'failed' | 'stopped';

export const CHANNEL_BACKOFF: Backoff = { initialMs: 2_000, maxMs: 5 * 60_000, factor: 2 };

export class ChannelSupervisor {
  state: ChannelState = 'stopped';
  private attempts = 0;
  private timer: NodeJS.Timeout | undefined;
  private giveUp!: () => void;
  /** Resolves if the channel is given up for good. */
  readonly failed = new Promise<void>((resolve) => (this.giveUp = resolve));

  constructor(
    readonly channel: SupervisedChannel,
    private readonly log: Log,
    private readonly backoff: Backoff = CHANNEL_BACKOFF,
    private readonly random: () => number = Math.random,
  ) {}

  run(): void {
    if (this.state !== 'stopped') return;
    void this.attempt();
  }

  async stop(): Promise<void> {
    const wasActive = this.state === 'running' || this.state === 'starting';
    this.state = 'stopped';
    clearTimeout(this.timer);
    if (wasActive) await this.channel.stop().catch((err: unknown) => this.log.warn(`${this.channel.name}: lỗi khi dừng: ${message(err)}`));
  }

  private async attempt(): Promise<void> {
    this.state = 'starting';
    let done: Promise<unknown>;
    try {
      ({ done } = await this.channel.start());
    } catch (err) {
      return this.failure(err, 'không khởi động được');
    }
    if (this.stopped()) {
      await this.channel.stop().catch(() => undefined);
      return;
    }
    this.state = 'running';
    this.attempts = 0;
    this.log.info(`${this.channel.name}: đang chạy.`);
    try {
      await done;
      if (this.state === 'running') this.failure(new Error('kênh tự dừng'), 'ngừng chạy');
    } catch (err) {
      if (this.state === 'running') this.failure(err, 'ngừng chạy');
    }
  }

  private stopped(): boolean {
    return this.state === 'stopped';
  }

  private failure(err: unknown, what: string): void {
    if (this.stopped()) return;
    if (this.channel.isPermanent(err)) {
      this.state = 'failed';
      this.log.error(`${this.channel.name}: ${what}: ${message(err)}. Không thử lại: cần sửa cấu hình.`);
      this.giveUp();
      return;
    }
    this.attempts++;
    const wait = retryDelay(this.attempts, this.backoff, this.random);
    this.state = 'retrying';
    this.log.warn(`${this.channel.name}: ${what}: ${message(err)}; thử lại sau ${Math.ceil(wait / 1000)} giây (lần ${this.attempts}).`);
    this.timer = setTimeout(() => {
      if (this.state === 'retrying') void this.attempt();
    }, wait);
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
