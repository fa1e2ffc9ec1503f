// The quarterly report's part on tuyên truyền: announcements sent in the quarter and whom
// they reached, and the subscribers: how many at the quarter's end, how many joined and how
// many left during it, by channel. Counts only.
import { CHANNELS, type Channel } from '../address/address.ts';
import { countsOf, type Announcement } from './announcement.ts';
import type { SubscriptionEvent } from './subscription.ts';

export interface OutreachChannelRow {
  channel: Channel;
  subscribersAtEnd: number;
  newSubscribers: number;
  unsubscribed: number;
  /** Of those who left: found to have blocked the bot. */
  blocked: number;
}

export interface OutreachReport {
  /** Announcements that started going out in the quarter. */
  sent: number;
  recipients: number;
  delivered: number;
  subscribersAtEnd: number;
  newSubscribers: number;
  unsubscribed: number;
  byChannel: OutreachChannelRow[];
}

/**
 * `events`: every coming and going before the quarter's end (`until`, epoch ms); `unit`: a
 * ward's report counts that ward's subscribers and announcements only.
 */
export function buildOutreachReport(announcements: readonly Announcement[], events: readonly SubscriptionEvent[], from: number, until: number, unit?: string): OutreachReport {
  const mine = announcements.filter((a) => 'startedAt' in a && Date.parse(a.startedAt) >= from && Date.parse(a.startedAt) < until && (!unit || a.unit === unit));
  const rows = new Map<Channel, OutreachChannelRow>(CHANNELS.filter((c) => c !== 'terminal').map((c) => [c, { channel: c, subscribersAtEnd: 0, newSubscribers: 0, unsubscribed: 0, blocked: 0 }]));
  for (const e of events) {
    const t = Date.parse(e.at);
    const row = rows.get(e.channel);
    if (!row || t >= until || (unit && e.unit !== unit)) continue;
    row.subscribersAtEnd += e.kind === 'subscribed' ? 1 : -1;
    if (t < from) continue;
    if (e.kind === 'subscribed') row.newSubscribers++;
    else {
      row.unsubscribed++;
      if (e.reason === 'blocked') row.blocked++;
    }
  }
  const byChannel = [...rows.values()].map((r) => ({ ...r, subscribersAtEnd: Math.max(0, r.subscribersAtEnd) }));
  const sum = (f: (r: OutreachChannelRow) => number) => byChannel.reduce((n, r) => n + f(r), 0);
  return {
    sent: mine.length,
    recipients: mine.reduce((n, a) => n + countsOf(a).recipients, 0),
    delivered: mine.reduce((n, a) => n + countsOf(a).delivered, 0),
    subscribersAtEnd: sum((r) => r.subscribersAtEnd),
    newSubscribers: sum((r) => r.newSubscribers),
    unsubscribed: sum((r) => r.unsubscribed),
    byChannel,
  };
}
