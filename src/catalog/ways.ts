// The ways a procedure can be filed ("Trực tiếp", "Trực tuyến", "Dịch vụ bưu chính") and
// how a value that differs by way is written: ways sharing a value are named together, so
// the common case reads "7 ngày làm việc" rather than the same figure three times.
import type { Channel } from './parse-submission-methods.ts';

export const PORTAL_NAME = 'Cổng Dịch vụ công quốc gia';

/** "Trực tiếp, trực tuyến": the first way capitalised, the others in lower case. */
export function namesOf(channels: readonly Channel[]): string {
  return channels.map((c, i) => (i === 0 ? c : c.charAt(0).toLowerCase() + c.slice(1))).join(', ');
}

/**
 * One line per distinct value, in the order first seen: "Trực tiếp, dịch vụ bưu chính:
 * 27 ngày làm việc; Trực tuyến: 17 ngày làm việc". A value every way shares (and that
 * `total` ways have) stands alone.
 */
export function byWay(values: readonly { channel: Channel; value: string }[], total: number): string {
  // A way the table lists twice is still one way: its values are read together.
  const perWay = new Map<Channel, string[]>();
  for (const { channel, value } of values) {
    const seen = perWay.get(channel) ?? [];
    if (!seen.includes(value)) seen.push(value);
    perWay.set(channel, seen);
  }
  const groups = new Map<string, Channel[]>();
  for (const [channel, seen] of perWay) {
    const value = seen.join(' hoặc ');
    groups.set(value, [...(groups.get(value) ?? []), channel]);
  }
  if (groups.size === 1 && perWay.size === total) return [...groups.keys()][0]!;
  return [...groups].map(([value, channels]) => `${namesOf(channels)}: ${value}`).join('; ');
}
