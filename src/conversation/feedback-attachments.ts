// Photos and a place added to a feedback while it is being written: up to five photos,
// each checked and re-encoded without metadata before it is kept (feedback/attachments.ts),
// and one location the citizen chose to share. Outside a feedback the bot keeps nothing
// and says how to send them.
import { mapLink, prepareImage, TOO_LARGE, type AttachmentStore } from '../feedback/attachments.ts';
import { MAX_ATTACHMENTS } from '../feedback/record.ts';
import { payload } from './payloads.ts';
import type { Flow, Session } from './session.ts';
import { type IncomingMessage, type Reply, reply } from './types.ts';

type FeedbackFlowState = Extract<Flow, { kind: 'feedback' }>;
type AttachmentInput = Extract<IncomingMessage['input'], { kind: 'image' | 'location' }>;

export interface FeedbackAttachmentsDeps {
  attachments?: AttachmentStore;
  now: () => Date;
  /** What the current step asks for, in the citizen's unit's words, shown after the acknowledgement. */
  prompt: (flow: FeedbackFlowState, session: Session) => Reply;
}

/** The line a citizen reads about what is attached, for the review before sending. */
export function attachmentLines(draft: FeedbackFlowState['draft']): string[] {
  return [
    ...(draft.attachments?.length ? [`Ảnh kèm theo: ${draft.attachments.length}`] : []),
    ...(draft.location ? [`Vị trí: ${mapLink(draft.location).text}`] : []),
  ];
}

export class FeedbackAttachments {
  constructor(private readonly deps: FeedbackAttachmentsDeps) {}

  async onInput(input: AttachmentInput, session: Session): Promise<Reply[]> {
    if (session.flow.kind !== 'feedback') {
      const what = input.kind === 'image' ? 'ảnh' : 'vị trí';
      return [
        reply(`Bot nhận ${what} khi bạn gửi phản ánh, kiến nghị (ví dụ ảnh đường hỏng, cống ngập kèm vị trí). Bot chưa lưu ${what} này. Bạn bấm "Gửi phản ánh", nhập nội dung rồi gửi ${what} nhé.`, [
          { label: '✍️ Gửi phản ánh', payload: payload.feedbackStart },
          { label: '☰ Menu', payload: payload.menu },
        ]),
      ];
    }
    const flow = session.flow;
    if (input.kind === 'location') {
      flow.draft.location = { latitude: input.latitude, longitude: input.longitude };
      return [this.ack(flow, session, `Đã nhận vị trí: ${mapLink(flow.draft.location).text}.`)];
    }
    const kept = flow.draft.attachments ?? [];
    if (kept.length >= MAX_ATTACHMENTS) return [this.ack(flow, session, `Bạn đã gửi đủ ${MAX_ATTACHMENTS} ảnh; bot không nhận thêm ảnh này.`)];
    if (!this.deps.attachments) return [this.ack(flow, session, 'Kênh này chưa nhận ảnh; bạn mô tả bằng chữ giúp nhé.')];
    if ('tooLarge' in input.image) return [this.ack(flow, session, TOO_LARGE)];
    const prepared = await prepareImage(input.image.data);
    if (!prepared.ok) return [this.ack(flow, session, prepared.reason)];
    // Kept before the draft names it: a photo the draft names always exists.
    await this.deps.attachments.put(prepared.ref, prepared.data, this.deps.now());
    flow.draft.attachments = [...kept, prepared.ref];
    return [this.ack(flow, session, `Đã nhận ảnh ${flow.draft.attachments.length}/${MAX_ATTACHMENTS}.`)];
  }

  /** The acknowledgement, then what the step the citizen is at asks for. */
  private ack(flow: FeedbackFlowState, session: Session, line: string): Reply {
    const next = this.deps.prompt(flow, session);
    return { ...next, sections: [{ lines: [line] }, ...next.sections] };
  }
}
