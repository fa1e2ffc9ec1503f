// Per-citizen message limit, so one flooding account cannot drown the bot. A flooder is
// told once per window that they are too fast; the messages after that get no reply, so
// the bot does not flood them back. The limiter's store decides where the counts live
// (memory persisted to the data folder, or a database shared by several processes): a
// restart does not reset them. The daily feedback limit is counted from stored records.
import { RateLimiterMemory, type RateLimiterAbstract, type RateLimiterRes } from 'rate-limiter-flexible';

export const MESSAGE_LIMIT = { points: 20, duration: 60 } as const;
export const SUBMISSIONS_PER_DAY = 5;

/** 'notice': over the limit for the first time in this window; 'quiet': over it again. */
export type MessageVerdict = 'ok' | 'notice' | 'quiet';

export class MessageLimit {
  constructor(private readonly limiter: RateLimiterAbstract = new RateLimiterMemory(MESSAGE_LIMIT)) {}

  async check(citizen: string): Promise<MessageVerdict> {
    try {
      await this.limiter.consume(citizen);
      return 'ok';
    } catch (rejection) {
      // rate-limiter-flexible rejects with a RateLimiterRes when over the limit, and with an Error otherwise.
      if (rejection instanceof Error) throw rejection;
      return verdictOf((rejection as RateLimiterRes).consumedPoints, this.limiter.points);
    }
  }
}

/** The verdict on a message that makes `consumed` in its window, of `points` allowed. */
export const verdictOf = (consumed: number, points: number): MessageVerdict => (consumed <= points ? 'ok' : consumed === points + 1 ? 'notice' : 'quiet');
