// Messages to citizens go back over the channel they wrote from: this destination hands
// each message to the destination for `message.to.channel`.
import type { Channel } from '../address/address.ts';
import type { Destination, OutboxMessage } from './message.ts';

export class RoutedDestination implements Destination {
  constructor(
    readonly name: string,
    private readonly routes: Partial<Record<Channel, Destination>>,
  ) {}

  /** Throws (so the outbox keeps the message and retries) while its channel has no route. */
  async deliver(message: OutboxMessage): Promise<void> {
    if (!message.to) throw new Error(`tin ${message.id} không có địa chỉ người nhận`);
    const route = this.routes[message.to.channel];
    if (!route) throw new Error(`chưa có kênh gửi tin qua ${message.to.channel}`);
    await route.deliver(message);
  }
}
