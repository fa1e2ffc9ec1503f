// Sending a phản ánh / kiến nghị (Decree 20/2008/NĐ-CP, amended by 92/2017/NĐ-CP): the
// content, consent to use personal data, the sender's name, a phone number or address,
// a summary to confirm (or edit), then storage and a tracking code. Cancellable at every
// step. Complaints and denunciations are not feedback under the decree: they are steered
// to the procedures that handle them instead of being filed.
import { randomUUID } from 'node:crypto';
import type { AttachmentStore } from '../feedback/attachments.ts';
import { dueOf, type Casework } from '../feedback/deadlines.ts';
import { forwardGroup } from '../feedback/notifications.ts';
import { FEEDBACK_KINDS, type FeedbackRecord, type FeedbackRepository } from '../feedback/record.ts';
import type { Settings } from '../knowledge/schema.ts';
import type { OutboxPort } from '../outbox/message.ts';
import type { SearchEngine } from '../search/engine.ts';
import { foldText } from '../search/normalize.ts';
import { menuButton, payload } from './payloads.ts';
import type { FeedbackDraft, Flow, Session } from './session.ts';
import { type IncomingMessage, type Reply, reply } from './types.ts';
import { parseVietnamesePhone } from './user-text.ts';
import { attachmentLines, FeedbackAttachments } from './feedback-attachments.ts';
import { chooseCategory } from './feedback-category.ts';

type FeedbackFlowState = Extract<Flow, { kind: 'feedback' }>;
type EditableStep = 'content' | 'name' | 'contact';

export interface FeedbackFlowDeps {
  engine: () => SearchEngine;
  /** The settings of the citizen's unit. */
  settings: (session: Session) => Settings;
  feedback: FeedbackRepository;
  outbox: OutboxPort;
  staffDestinations: readonly string[];
  /** Feedback a citizen may file in a day. */
  submissionsPerDay: number;
  now: () => Date;
  /** The calendar and time limits a new record's deadline comes from (none: no deadline). */
  casework?: () => Casework | undefined;
  attachments?: AttachmentStore;
}

const MIN_CONTENT = 15;
const DAY_MS = 24 * 3600_000;
const cancelButton = { label: 'Hủy', payload: payload.cancel };
const YES = new Set(['dong y', 'co', 'ok', 'dong i', 'yes', 'u', 'uh', 'vang', 'da', 'co dong y', 'toi dong y']);
const NO = new Set(['khong', 'ko', 'k', 'khong dong y', 'no', 'thoi', 'tu choi', 'ko dong y', 'k dong y']);
const SEND = new Set(['gui', 'xac nhan', 'dong y', 'ok', 'co', 'gui di']);

/** "sửa tên", "sửa lại nội dung", "đổi số điện thoại" … at the review step. */
const EDIT = /^(sua|doi|chinh|nhap)\s+(lai\s+)?(.+)$/;
const EDIT_TARGETS: [RegExp, EditableStep][] = [
  [/^(noi dung|phan anh|kien nghi)/, 'content'],
  [/^(ho ten|ho va ten|ten)/, 'name'],
  [/^(so dien thoai|dien thoai|sdt|so dt|so|lien he|dia chi|thong tin lien he)/, 'contact'],
];

/** Words that mark a complaint (khiếu nại) or a denunciation (tố cáo), in folded form. */
const COMPLAINT = /\bkhieu nai\b/;
const DENUNCIATION = /\bto cao\b/;

const PROMPTS: Record<EditableStep, string> = {
  content: 'Bạn hãy nhập nội dung phản ánh, kiến nghị:',
  name: 'Bạn cho biết họ và tên:',
  contact: 'Số điện thoại để cán bộ liên hệ khi cần (nếu không muốn cho số điện thoại, bạn nhập địa chỉ liên hệ):',
};

export class FeedbackFlow {
  /** Photos and a place added while writing. */
  readonly attachments: FeedbackAttachments;

  constructor(private readonly deps: FeedbackFlowDeps) {
    this.attachments = new FeedbackAttachments({ attachments: deps.attachments, now: deps.now, prompt: (flow, session) => this.prompt(flow, this.deps.settings(session)) });
  }

  start(session: Session, draft: Omit<FeedbackDraft, 'id'> = { kind: 'phan-anh' }): Reply[] {
    session.flow = { kind: 'feedback', step: 'content', draft: { ...draft, id: randomUUID() } };
    const s = this.deps.settings(session);
    return [
      reply(
        [
          {
            heading: 'Gửi phản ánh, kiến nghị',
            lines: [
              `Phản ánh, kiến nghị về quy định hành chính, về thái độ, hành vi của cán bộ khi giải quyết thủ tục sẽ được chuyển tới ${s.feedback.receiver} (theo Nghị định 20/2008/NĐ-CP).`,
              'Khiếu nại, tố cáo có thủ tục riêng, không gửi qua đây.',
              'Bạn hãy nhập nội dung phản ánh, kiến nghị: việc gì, ở đâu, khi nào, bạn đề nghị gì. Gõ "hủy" để dừng bất cứ lúc nào.',
              'Bạn có thể gửi kèm tối đa 5 ảnh và vị trí của nơi cần phản ánh (bot xóa mọi thông tin ẩn trong ảnh, kể cả vị trí chụp).',
            ],
          },
        ],
        [cancelButton],
      ),
    ];
  }

  async onButton(action: string, session: Session, message: IncomingMessage): Promise<Reply[]> {
    if (action === 'start') return this.start(session);
    if (action === 'forward') {
      const q = session.lastQuestion;
      if (!q) return this.start(session);
      session.flow = { kind: 'feedback', step: 'consent', draft: { kind: 'cau-hoi', id: randomUUID(), content: q.text, candidates: q.candidates } };
      return [this.askConsent(this.deps.settings(session))];
    }
    if (session.flow.kind !== 'feedback') return [reply('Phiên gửi phản ánh đã hết hạn. Bạn bắt đầu lại nhé.', [{ label: '✍️ Gửi phản ánh', payload: payload.feedbackStart }])];
    if (action === 'consent' && session.flow.step === 'consent') return this.onText('đồng ý', session, message);
    if (action === 'confirm' && session.flow.step === 'confirm') return this.submit(session, message);
    const edit = /^edit:(content|name|contact)$/.exec(action)?.[1] as EditableStep | undefined;
    if (edit && session.flow.step === 'confirm') return [this.edit(session.flow, edit, this.deps.settings(session))];
    return [this.prompt(session.flow, this.deps.settings(session))];
  }

  async onText(text: string, session: Session, message: IncomingMessage): Promise<Reply[]> {
    if (session.flow.kind !== 'feedback') return [];
    const flow = session.flow;
    const { draft } = flow;
    const folded = foldText(text);
    const s = this.deps.settings(session);
    switch (flow.step) {
      case 'content': {
        if (COMPLAINT.test(folded) || DENUNCIATION.test(folded)) {
          session.flow = { kind: 'idle' };
          return [this.steerToComplaint(DENUNCIATION.test(folded), s)];
        }
        if (text.length < MIN_CONTENT) return [reply('Nội dung hơi ngắn. Bạn mô tả rõ hơn giúp: việc gì, ở đâu, khi nào, bạn đề nghị gì?', [cancelButton])];
        draft.content = text;
        draft.kind = /\b(kien nghi|de nghi|de xuat|gop y)\b/.test(folded) ? 'kien-nghi' : 'phan-anh';
        draft.category = chooseCategory(text, this.deps.engine());
        return [this.next(flow, 'consent', s)];
      }
      case 'consent':
        if (NO.has(folded)) {
          session.flow = { kind: 'idle' };
          return [this.declined(s)];
        }
        if (!YES.has(folded)) return [this.askConsent(s)];
        draft.consentAt = this.deps.now().toISOString();
        return [this.next(flow, 'name', s)];
      case 'name':
        if (!/\p{L}{2,}/u.test(text) || text.length > 100) return [reply('Họ tên chưa hợp lệ. Bạn nhập lại họ và tên (ví dụ: Nguyễn Văn An):', [cancelButton])];
        draft.name = text;
        return [this.next(flow, 'contact', s)];
      case 'contact': {
        const phone = parseVietnamesePhone(text);
        if (!phone && /\d/.test(text) && !/\p{L}{2,}/u.test(text))
          return [reply('Số điện thoại chưa đúng. Bạn nhập lại (ví dụ 0912 345 678), hoặc nhập địa chỉ liên hệ:', [cancelButton])];
        if (!phone && text.length < 10) return [reply('Địa chỉ hơi ngắn. Bạn ghi rõ số nhà, đường, tổ dân phố, phường/xã giúp nhé:', [cancelButton])];
        draft.phone = phone;
        draft.address = phone ? undefined : text;
        return [this.next(flow, 'confirm', s)];
      }
      case 'confirm': {
        if (SEND.has(folded)) return this.submit(session, message);
        const target = EDIT.exec(folded)?.[3];
        const step = target && EDIT_TARGETS.find(([pattern]) => pattern.test(target))?.[1];
        return [step ? this.edit(flow, step, s) : this.summary(draft)];
      }
    }
  }

  /** Asks again for what the current step needs: after a restart, or an unexpected button. */
  prompt(flow: FeedbackFlowState, s: Settings): Reply {
    if (flow.step === 'consent') return this.askConsent(s);
    if (flow.step === 'confirm') return this.summary(flow.draft);
    return reply(PROMPTS[flow.step], [cancelButton]);
  }

  /** Moves on after a step; while editing from the review, straight back to it. */
  private next(flow: FeedbackFlowState, step: FeedbackFlowState['step'], s: Settings): Reply {
    flow.step = flow.editing ? 'confirm' : step;
    if (flow.step === 'confirm') delete flow.editing;
    return this.prompt(flow, s);
  }

  private edit(flow: FeedbackFlowState, step: EditableStep, s: Settings): Reply {
    flow.step = step;
    flow.editing = true;
    return this.prompt(flow, s);
  }

  private askConsent(s: Settings): Reply {
    return reply(
      `Để ${s.feedback.receiver} xem xét và trả lời, bot cần họ tên và số điện thoại hoặc địa chỉ của bạn. Thông tin này chỉ dùng để xử lý phản ánh, kiến nghị của bạn và chỉ cán bộ tiếp nhận được xem. Bạn đồng ý chứ?`,
      [{ label: '✅ Đồng ý', payload: payload.consent }, { label: '✖️ Không đồng ý', payload: payload.cancel }],
    );
  }

  private declined(s: Settings): Reply {
    return reply(
      [
        {
          lines: [
            'Bot chưa gửi gì và không lưu thông tin của bạn.',
            `Phản ánh, kiến nghị cần họ tên và cách liên hệ của người gửi để được xem xét. Bạn vẫn có thể gửi trực tiếp tại ${s.office.name} (${s.office.address}) hoặc trên ${s.portals.feedback}.`,
          ],
        },
      ],
      menuButton(),
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
            ...attachmentLines(draft),
          ],
        },
        { lines: ['Nhấn "Gửi" (hoặc gõ "gửi") để gửi. Muốn sửa, gõ "sửa nội dung", "sửa tên" hoặc "sửa số điện thoại". "Hủy" để bỏ.'] },
      ],
      [
        { label: '📨 Gửi', payload: payload.confirm },
        { label: '✏️ Sửa nội dung', payload: payload.edit('content') },
        { label: '✏️ Sửa họ tên', payload: payload.edit('name') },
        { label: '✏️ Sửa cách liên hệ', payload: payload.edit('contact') },
        cancelButton,
      ],
    );
  }

  private async submit(session: Session, message: IncomingMessage): Promise<Reply[]> {
    if (session.flow.kind !== 'feedback') return [];
    const { draft } = session.flow;
    if (!draft.content || !draft.name || !draft.consentAt || !(draft.phone || draft.address)) return [this.prompt(session.flow, this.deps.settings(session))];
    const from = { channel: message.channel, chatId: message.chatId, userId: message.userId };
    // Counted from the stored records, so a restart does not reset it.
    if ((await this.deps.feedback.countFrom(from, new Date(this.deps.now().getTime() - DAY_MS))) >= this.deps.submissionsPerDay)
      return [reply('Hôm nay bạn đã gửi nhiều phản ánh. Vui lòng gửi tiếp vào ngày mai, hoặc liên hệ trực tiếp bộ phận tiếp nhận.', menuButton())];
    // The draft's id makes a repeated "gửi" (after a crash, a double tap) return the same record.
    const record = await this.deps.feedback.submit({
      kind: draft.kind,
      category: draft.category as FeedbackRecord['category'],
      content: draft.content,
      sender: { name: draft.name, phone: draft.phone, address: draft.address, consentAt: draft.consentAt },
      from,
      candidates: draft.candidates,
      submissionId: draft.id ?? randomUUID(),
      ...(session.unit ? { unit: session.unit } : {}),
      ...(draft.attachments?.length ? { attachments: draft.attachments } : {}),
      ...(draft.location ? { location: draft.location } : {}),
      ...withDue(draft.kind, this.deps.now(), this.deps.casework?.()),
    });
    // Stored first, then forwarded: a staff chat being down never loses the record, and a
    // crash before this line is mended at the next start (see app/requeue-notifications.ts).
    await this.deps.outbox.enqueue(forwardGroup(record, this.deps.staffDestinations, () => this.deps.settings(session).unit.name).messages);
    session.flow = { kind: 'idle' };
    return [
      reply(
        [
          {
            heading: 'Đã gửi thành công',
            lines: [
              `Mã theo dõi của bạn: ${record.code}`,
              `${this.deps.settings(session).feedback.receiver} sẽ xem xét và trả lời qua kênh này. Để xem tình trạng, gõ /tracuu ${record.code}.`,
            ],
          },
        ],
        menuButton(),
      ),
    ];
  }

  private steerToComplaint(denunciation: boolean, s: Settings): Reply {
    const target = denunciation ? 'complaint.denunciation' : 'complaint.lodge';
    return reply(
      [
        {
          lines: [
            denunciation
              ? 'Tố cáo hành vi vi phạm pháp luật không phải là phản ánh, kiến nghị theo Nghị định 20/2008/NĐ-CP, nên bot không chuyển qua đây.'
              : 'Khiếu nại quyết định, hành vi hành chính không phải là phản ánh, kiến nghị theo Nghị định 20/2008/NĐ-CP, nên bot không chuyển qua đây.',
            `Bạn cần ${denunciation ? 'gửi đơn tố cáo (ghi rõ họ tên, địa chỉ; không xử lý tố cáo nặc danh)' : 'gửi đơn khiếu nại trong thời hạn luật định'} tới cơ quan có thẩm quyền, hoặc đến ${s.citizenReception.place}. Xem hướng dẫn chi tiết bên dưới.`,
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

/** The deadline of a record filed now, from the rules in force today. */
function withDue(kind: FeedbackDraft['kind'], now: Date, casework: Casework | undefined): { due?: string } {
  const due = casework && dueOf(kind, now.toISOString(), casework);
  return due ? { due } : {};
}
