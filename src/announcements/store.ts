// What the announcements module keeps, as one port with two implementations (a lowdb file
// for one ward on one machine, PostgreSQL tables for a province on several replicas): the
// announcements and their counts, the subscriptions and their comings and goings, a shared
// pace for broadcasts (replicas together stay within a platform's limit), the lease on
// feeding a broadcast, and the web push keys.
import type { Channel } from '../address/address.ts';
import type { Announcement, AnnouncementStatus, Audience, DeliveryCounts } from './announcement.ts';
import type { EndReason, PushTarget, Subscription, SubscriptionEvent } from './subscription.ts';

export interface AnnouncementFilter {
  /** Only these statuses. */
  status?: readonly AnnouncementStatus[];
  /** Only those for this ward, and those for everyone ("*" means every ward). */
  unit?: string;
  limit?: number;
}

/** The VAPID key pair web push signs with: made once, kept, the same on every replica. */
export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

export interface AnnouncementStore {
  /** Stores a new announcement; throws if its id is taken. */
  create(a: Announcement): Promise<void>;
  get(id: string): Promise<Announcement | undefined>;
  /** Newest first. */
  list(filter?: AnnouncementFilter): Promise<Announcement[]>;
  /**
   * Replaces an announcement if it is still in one of `from` (another replica, or the page
   * in another tab, may have moved it on); the stored one when replaced, else undefined.
   */
  replace(id: string, from: readonly AnnouncementStatus[], next: Announcement): Promise<Announcement | undefined>;
  /** Moves the cursor of a broadcast on (never back). */
  advance(id: string, cursor: string): Promise<void>;
  /** Adds one outcome to a broadcast's counts. */
  count(id: string, outcome: keyof DeliveryCounts): Promise<void>;
  /**
   * Takes (or renews) the lease on feeding broadcast `id` for `holder` until `until`; false
   * while another holder's lease runs. One process owns a data folder, so lowdb always agrees.
   */
  leaseFeed(id: string, holder: string, until: Date): Promise<boolean>;

  /** Subscribes (or moves to another ward, or adds a push target); true when the citizen was not subscribed. */
  subscribe(s: Subscription): Promise<boolean>;
  /** Deletes the subscription; true when there was one. */
  unsubscribe(key: string, at: Date, reason: EndReason): Promise<boolean>;
  subscription(key: string): Promise<Subscription | undefined>;
  countSubscribers(audience: Audience): Promise<number>;
  /** Subscribers of the audience with keys after `after`, in key order, up to `limit`. */
  subscribersAfter(audience: Audience, after: string | undefined, limit: number): Promise<Subscription[]>;
  /** Comings and goings between two times (ISO, `to` excluded), oldest first; all before `to` when `from` is unset. */
  subscriptionEvents(range: { from?: string; to: string }): Promise<SubscriptionEvent[]>;

  /**
   * The wait (ms, ≥ 0) before this caller's next broadcast send on `channel`: sends are
   * spaced `spacingMs` apart across every process sharing the store.
   */
  pace(channel: Channel, spacingMs: number): Promise<number>;
  /** The VAPID keys: `make()`'s on the first call ever, the kept ones after. */
  vapidKeys(make: () => VapidKeys): Promise<VapidKeys>;
  close(): Promise<void>;
}

export type { PushTarget };
