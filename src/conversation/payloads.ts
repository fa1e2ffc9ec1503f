// The payloads of the buttons the bot offers. They come back from the citizen's client,
// so the conversation treats them as untrusted input (see Conversation.onButton).
import type { Button } from './types.ts';

/** The parts of an entry a citizen can ask to see on their own. */
export const DETAIL_PARTS = ['documents', 'place', 'time', 'fees', 'who', 'online', 'steps', 'notes', 'related', 'basis'] as const;
export type DetailPart = (typeof DETAIL_PARTS)[number];

export const payload = {
  menu: 'menu',
  category: (c: string) => `cat:${c}`,
  entry: (id: string) => `entry:${id}`,
  /** The whole entry at once, legal basis and official link at its end. */
  full: (id: string) => `full:${id}`,
  details: (id: string, part: DetailPart) => `more:${part}:${id}`,
  helpful: (id: string, yes: boolean) => `rate:${yes ? 'yes' : 'no'}:${id}`,
  feedbackStart: 'fb:start',
  forwardQuestion: 'fb:forward',
  confirm: 'fb:confirm',
  cancel: 'cancel',
  consent: 'fb:consent',
  edit: (field: 'content' | 'name' | 'contact') => `fb:edit:${field}`,
  statusLookup: 'status',
  subscribe: 'sub:on',
  unsubscribe: 'sub:off',
} as const;

export const menuButton = (): Button[] => [{ label: '☰ Menu', payload: payload.menu }];

/** Under every announcement: leave the subscription at once. */
export const unsubscribeButton = (): Button => ({ label: 'Hủy nhận tin', payload: payload.unsubscribe });
