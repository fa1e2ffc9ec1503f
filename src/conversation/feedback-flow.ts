// Sending a phản ánh / kiến nghị (Decree 20/2008/NĐ-CP, amended by 92/2017/NĐ-CP): the
// content, consent to use personal data, the sender's name, a phone number or address,
// a summary to confirm, then storage and a tracking code. Cancellable at every step.
// Complaints and denunciations are not feedback under the decree: they are steered to
// the procedures that handle them instead of being filed.
import { FEEDBACK_KINDS, type FeedbackRecord, type FeedbackRepository } from '../feedback/record.ts';
import { CATEGORIES, type Settings } from '../knowledge/schema.ts';
import type { OutboxPort } from '../outbox/message.ts';
import type { SearchEngine } from '../search/engine.ts';
import { foldText } from '../search/normalize.ts';
import { menuButton, payload } from './entry-replies.ts';
import type { RateLimits } from './rate-limits.ts';
import type { FeedbackDraft, Flow, Session } from './session.ts';
import { type IncomingMessage, type Reply, reply } from './types.ts';
import { parseVietnamesePhone } from './user-text.ts';

type FeedbackFlowState = Extract<Flow, { kind: 'feedback' }>;

export interface FeedbackFlowDeps {
  engine: SearchEngine;
  settings: Settings;
  feedback: FeedbackRepository;
  outbox: OutboxPort;
  staffDestinations: readonly string[];
  limits: RateLimits;
  now: () => Date;
}

const MIN_CONTENT = 15;
const cancelButton = { label: 'Hủy', payload: payload.cancel };
const YES = new Set(['dong y', 'co', 'ok', 'dong i', 'yes', 'u', 'uh', 'vang', 'da']);
const SEND = new Set(['gui', 'xac nhan', 'dong y', 'ok', 'co', 'gui di']);

/** Words that mark a complaint (khiếu nại) or a denunciation (tố cáo), in folded form. */
const COMPLAINT = /\bkhieu nai\b/;
const DENUNCIATION = /\bto cao\b/;

export class FeedbackFlow {
  constructor(private readonly deps: FeedbackFlowDeps) {}

  start(session: Session, draft: FeedbackDraft = { kind: 'phan-anh' }): Reply[] {
    session.flow = { kind: 'feedback', step: 'content', draft };
    const s = this.deps.settings;
    return [
      reply(
        [
          {
            heading: 'Gửi phản ánh, kiến nghị',
            lines: [
              `Phản ánh, kiến nghị về quy định hành chính, về thái độ, hành vi của cán bộ khi giải quyết thủ tục sẽ được chuyển tới ${s.feedback.receiver} (theo Nghị định 20/2008/NĐ-CP).`,
              'Khiếu nại, tố cáo có thủ tục riêng, không gửi qua đây.',
              'Bạn hãy nhập nội dung phản ánh, kiến nghị: việc gì, ở đâu, khi nào, bạn đề nghị gì. Gõ "hủy" để dừng bất cứ lúc nào.',
            ],
          },
        ],
        [cancelButton],
      ),
    ];
  }

  async onButton(action: string, session: Session, message: IncomingMessage, key: string): Promise<Reply[]> {
    if (action === 'start') return this.start(session);
    if (action === 'forward') {
      const q = session.lastQuestion;
      if (!q) return this.start(session);
      session.flow = { kind: 'feedback', step: 'consent', draft: { kind: 'cau-hoi', content: q.text, candidates: q.candidates } };
      return [this.askConsent()];
    }
    if (session.flow.kind !== 'feedback') return [reply('Phiên gửi phản ánh đã hết hạn. Bạn bắt đầu lại nhé.', [{ label: '✍️ Gửi phản ánh', payload: payload.feedbackStart }])];
    if (action === 'consent' && session.flow.step === 'consent') return this.onText('đồng ý', session, message, key);
    if (action === 'confirm' && session.flow.step === 'confirm') return this.submit(session, message, key);
    return [this.prompt(session.flow)];
  }

  async onText(text: string, session: Session, message: IncomingMessage, key: string): Promise<Reply[]> {
    if (session.flow.kind !== 'feedback') return [];
    const { draft } = session.flow;
    const folded = foldText(text);
    switch (session.flow.step) {
      case 'content': {
        if (COMPLAINT.test(folded) || DENUNCIATION.test(folded)) {
          session.flow = { kind: 'idle' };
          return [this.steerToComplaint(DENUNCIATION.test(folded))];
        }
        if (text.length < MIN_CONTENT) return [reply('Nội dung hơi ngắn. Bạn mô tả rõ hơn giúp: việc gì, ở đâu, khi nào, bạn đề nghị gì?', [cancelButton])];
        draft.content = text;
        draft.kind = /\b(kien nghi|de nghi|de xuat|gop y)\b/.test(folded) ? 'kien-nghi' : 'phan-anh';
        const top = this.deps.engine.search(text, 1).hits[0];
        if (top && top.entry.category !== 'smalltalk' && top.entry.category !== 'feedback') draft.category = top.entry.category;
        session.flow.step = 'consent';
        return [this.askConsent()];
      }
      case 'consent':
        if (!YES.has(folded)) return [this.askConsent()];
        draft.consentAt = this.deps.now().toISOString();
        session.flow.step = 'name';
        return [reply('Bạn cho biết họ và tên:', [cancelButton])];
      case 'name':
        if (!/\p{L}{2,}/u.test(text) || text.length > 100) return [reply('Họ tên chưa hợp lệ. Bạn nhập lại họ và tên (ví dụ: Nguyễn Văn An):', [cancelButton])];
        draft.name = text;
        session.flow.step = 'contact';
        return [reply('Số điện thoại để cán bộ liên hệ khi cần (nếu không muốn cho số điện thoại, bạn nhập địa chỉ liên hệ):', [cancelButton])];
      case 'contact': {
        const phone = parseVietnamesePhone(text);
        if (phone) draft.phone = phone;
        else if (/\d/.test(text) && !/\p{L}{2,}/u.test(text)) return [reply('Số điện thoại chưa đúng. Bạn nhập lại (ví dụ 0912 345 678), hoặc nhập địa chỉ liên hệ:', [cancelButton])];
        else if (text.length >= 10) draft.address = text;
        else return [reply('Địa chỉ hơi ngắn. Bạn ghi rõ số nhà, đường, tổ dân phố, phường/xã giúp nhé:', [cancelButton])];
        session.flow.step = 'confirm';
        return [this.summary(draft)];
      }
      case 'confirm':
        if (SEND.has(folded)) return this.submit(session, message, key);
        return [this.summary(draft)];
    }
  }

  private askConsent(): Reply {
    const s = this.deps.settings;
    return reply(
      `Để ${s.feedback.receiver} xem xét và trả lời, bot cần họ tên và số điện thoại hoặc địa chỉ của bạn. Thông tin này chỉ dùng để xử lý phản ánh, kiến nghị của bạn và chỉ cán bộ tiếp nhận được xem. Bạn đồng ý chứ?`,
      [{ label: '✅ Đồng ý', payload: payload.consent }, cancelButton],
    );
  }

  private summary(draft: FeedbackDraft): Reply {
    return reply(
      [
        {
          heading: 'Bạn kiểm tra lại trước khi gửi',
          lines: [
            `Loại: ${FEEDBACK_KINDS[draft.kind]}`,
            `Nội dung: ${draft.content ?? ''}`,
            `Họ tên: ${draft.name ?? ''}`,
            draft.phone ? `Điện thoại: ${draft.phone}` : `Địa chỉ: ${draft.address ?? ''}`,
          ],
        },
        { lines: ['Nhấn "Gửi" (hoặc gõ "gửi") để gửi, "Hủy" để bỏ.'] },
      ],
      [{ label: '📨 Gửi', payload: payload.confirm }, cancelButton],
    );
  }

  /** Asks again for what the current step needs. */
  private prompt(flow: FeedbackFlowState): Reply {
    const prompts = {
      content: 'Bạn hãy nhập nội dung phản ánh, kiến nghị:',
      name: 'Bạn cho biết họ và tên:',
      contact: 'Số điện thoại hoặc địa chỉ liên hệ:',
    } as const;
    if (flow.step === 'consent') return this.askConsent();
    if (flow.step === 'confirm') return this.summary(flow.draft);
    return reply(prompts[flow.step], [cancelButton]);
  }

  private async submit(session: Session, message: IncomingMessage, key: string): Promise<Reply[]> {
    if (session.flow.kind !== 'feedback') return [];
    const { draft } = session.flow;
    if (!draft.content || !draft.name || !draft.consentAt || !(draft.phone || draft.address)) return [this.prompt(session.flow)];
    if (!(await this.deps.limits.allowSubmission(key)))
      return [reply('Hôm nay bạn đã gửi nhiều phản ánh. Vui lòng gửi tiếp vào ngày mai, hoặc liên hệ trực tiếp bộ phận tiếp nhận.', menuButton())];
    const record = await this.deps.feedback.submit({
      kind: draft.kind,
      category: draft.category as FeedbackRecord['category'],
      content: draft.content,
      sender: { name: draft.name, phone: draft.phone, address: draft.address, consentAt: draft.consentAt },
      from: { channel: message.channel, chatId: message.chatId, userId: message.userId },
      candidates: draft.candidates,
    });
    session.flow = { kind: 'idle' };
    // Stored first, then forwarded: a staff chat being down never loses the record.
    await this.deps.outbox.enqueue(
      this.deps.staffDestinations.map((destination) => ({ destination, kind: 'feedback' as const, code: record.code, text: staffNotice(record) })),
    );
    return [
      reply(
        [
          {
            heading: 'Đã gửi thành công',
            lines: [
              `Mã theo dõi của bạn: ${record.code}`,
              `${this.deps.settings.feedback.receiver} sẽ xem xét và trả lời qua kênh này. Để xem tình trạng, gõ /tracuu ${record.code}.`,
            ],
          },
        ],
        menuButton(),
      ),
    ];
  }

  private steerToComplaint(denunciation: boolean): Reply {
    const target = denunciation ? 'complaint.denunciation' : 'complaint.lodge';
    return reply(
      [
        {
          lines: [
            denunciation
              ? 'Tố cáo hành vi vi phạm pháp luật không phải là phản ánh, kiến nghị theo Nghị định 20/2008/NĐ-CP, nên bot không chuyển qua đây.'
              : 'Khiếu nại quyết định, hành vi hành chính không phải là phản ánh, kiến nghị theo Nghị định 20/2008/NĐ-CP, nên bot không chuyển qua đây.',
            `Bạn cần ${denunciation ? 'gửi đơn tố cáo (ghi rõ họ tên, địa chỉ; không xử lý tố cáo nặc danh)' : 'gửi đơn khiếu nại trong thời hạn luật định'} tới cơ quan có thẩm quyền, hoặc đến ${this.deps.settings.citizenReception.place}. Xem hướng dẫn chi tiết bên dưới.`,
          ],
        },
      ],
      [
        { label: denunciation ? '📖 Hướng dẫn tố cáo' : '📖 Hướng dẫn khiếu nại', payload: payload.entry(target) },
        { label: '📖 Phân biệt khiếu nại, tố cáo, phản ánh', payload: payload.entry('complaint.difference') },
        ...menuButton(),
      ],
    );
  }
}

/** What Home Affairs reads: compact, with the code first. Contains personal data: staff destinations only. */
export function staffNotice(r: FeedbackRecord): string {
  const contact = [r.sender.phone, r.sender.address].filter(Boolean).join(' · ');
  return [
    `📩 ${FEEDBACK_KINDS[r.kind].toUpperCase()} MỚI · ${r.code}`,
    `Lĩnh vực: ${r.category ? CATEGORIES[r.category] : 'Chưa phân loại'} · Kênh: ${r.from.channel}`,
    `Nội dung: ${r.content}`,
    `Người gửi: ${r.sender.name} · ${contact}`,
    ...(r.candidates?.length ? [`Bot đã gợi ý: ${r.candidates.map((c) => c.id).join(', ')}`] : []),
    `Trả lời: /traloi ${r.code} <nội dung>`,
  ].join('\n');
}
