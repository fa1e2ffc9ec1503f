// Per-user limits, so one flooding account cannot drown the bot or the staff inbox.
import { RateLimiterMemory } from 'rate-limiter-flexible';

export interface RateLimitOptions {
  /** Messages per user per minute. */
  messagesPerMinute: number;
  /** Feedback submissions per user per day. */
  submissionsPerDay: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitOptions = { messagesPerMinute: 20, submissionsPerDay: 5 };

export class RateLimits {
  private readonly messages: RateLimiterMemory;
  private readonly submissions: RateLimiterMemory;

  constructor(options: RateLimitOptions = DEFAULT_RATE_LIMITS) {
    this.messages = new RateLimiterMemory({ points: options.messagesPerMinute, duration: 60 });
    this.submissions = new RateLimiterMemory({ points: options.submissionsPerDay, duration: 24 * 3600 });
  }

  /** True when the user may send another message now. */
  allowMessage(user: string): Promise<boolean> {
    return consume(this.messages, user);
  }

  allowSubmission(user: string): Promise<boolean> {
    return consume(this.submissions, user);
  }
}

async function consume(limiter: RateLimiterMemory, key: string): Promise<boolean> {
  try {
    await limiter.consume(key);
    return true;
  } catch (rejection) {
    // rate-limiter-flexible rejects with a RateLimiterRes when over the limit, and with an Error otherwise.
    if (rejection instanceof Error) throw rejection;
    return false;
  }
}
