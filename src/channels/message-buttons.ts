// The buttons an outbox message carries to a citizen: the satisfaction question's choices,
// "Hủy nhận tin" under an announcement, none for the rest. Every channel renders them its
// own way (inline keyboard, numbered options, web buttons), from this one list.
import { unsubscribeButton } from '../conversation/payloads.ts';
import type { Button } from '../conversation/types.ts';
import { buttonsOf } from '../feedback/satisfaction.ts';
import type { NewOutboxMessage } from '../outbox/message.ts';

export function messageButtons(message: Pick<NewOutboxMessage, 'kind' | 'code'>): Button[] {
  return message.kind === 'announcement' ? [unsubscribeButton()] : buttonsOf(message);
}
