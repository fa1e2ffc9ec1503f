// Subscribing to a ward's announcements, with consent: the bot offers it once, on the first
// question it answers (a button); "/dangky" or "đăng ký nhận tin" subscribes, "/huydangky",
// "hủy nhận tin" or "dừng nhận tin" (or the button under every announcement) unsubscribes at
// once. A subscription belongs to the citizen's ward and channel.
import type { CitizenAddress } from '../address/address.ts';
import { citizenKey } from '../address/address.ts';
import type { AnnouncementStore } from '../announcements/store.ts';
import { newSubscription } from '../announcements/subscription.ts';
import { menuButton, payload } from './payloads.ts';
import type { Session } from './session.ts';
import { type Reply, reply } from './types.ts';

/** The offer, on the first answer: the question is the button (exactly as worded for citizens). */
export const OFFER_LABEL = 'Nhận tin thủ tục mới, lịch nghỉ, thay đổi lệ phí của phường?';
export const UNSUBSCRIBE_LABEL = 'Hủy nhận tin';

/** Buttons under a first reply (see entry-replies.ts). */
const MAX_FIRST_BUTTONS = 4;

export class SubscriptionFlow {
  constructor(
    private readonly store: AnnouncementStore,
    private readonly now: () => Date,
  ) {}

  /** Channels that can receive announcements (a terminal session does not outlive the process). */
  static serves(to: Pick<CitizenAddress, 'channel'>): boolean {
    return to.channel !== 'terminal';
  }

  /** Adds the offer to the turn's answer, once per citizen, when they are not subscribed. */
  async offer(replies: Reply[], session: Session, to: CitizenAddress): Promise<void> {
    if (session.newsOffered || !SubscriptionFlow.serves(to)) return;
    const answer = replies.find((r) => r.about);
    if (!answer) return;
    session.newsOffered = true;
    if (await this.store.subscription(citizenKey(to))) return;
    // A first reply shows at most four buttons: the offer takes the last place (the full view still ends with the legal basis).
    const offer = { label: `🔔 ${OFFER_LABEL}`, payload: payload.subscribe };
    answer.buttons = answer.buttons.length >= MAX_FIRST_BUTTONS ? [...answer.buttons.slice(0, MAX_FIRST_BUTTONS - 1), offer] : [...answer.buttons, offer];
  }

  async subscribe(session: Session, to: CitizenAddress, unitName: string): Promise<Reply> {
    session.newsOffered = true;
    if (!SubscriptionFlow.serves(to)) return reply('Trong cửa sổ dòng lệnh bot không gửi tin được. Bạn đăng ký qua Telegram, Zalo hoặc trang web nhé.', menuButton());
    const fresh = await this.store.subscribe(newSubscription(to, session.unit, this.now()));
    const lead = fresh ? `Đã đăng ký nhận tin của ${unitName}: thủ tục mới, lịch nghỉ, thay đổi lệ phí.` : `Bạn đã đăng ký nhận tin của ${unitName} rồi.`;
    const web = to.channel === 'web' ? ' Bấm "🔔 Nhận thông báo" ở đầu trang để nhận cả khi đã đóng trang.' : '';
    return reply(`${lead}${web} Muốn thôi nhận, gõ "hủy nhận tin" bất cứ lúc nào.`, menuButton());
  }

  async unsubscribe(to: CitizenAddress): Promise<Reply> {
    const was = await this.store.unsubscribe(citizenKey(to), this.now(), 'citizen');
    return reply(
      was
        ? 'Đã hủy nhận tin. Bot sẽ không gửi tin thủ tục mới, lịch nghỉ, thay đổi lệ phí cho bạn nữa. Muốn nhận lại, gõ "đăng ký nhận tin".'
        : 'Bạn chưa đăng ký nhận tin nên không có gì để hủy. Muốn nhận, gõ "đăng ký nhận tin".',
      menuButton(),
    );
  }

  /** The citizen chose another ward: a subscription follows them. */
  async moved(to: CitizenAddress, unit: string | undefined): Promise<void> {
    const s = await this.store.subscription(citizenKey(to));
    if (s && unit && s.unit !== unit) await this.store.subscribe({ ...s, unit });
  }
}
