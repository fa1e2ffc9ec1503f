// The citizen rates a staff answer: one of three buttons under the question that followed
// the answer (feedback/satisfaction.ts), then an optional comment. Only the citizen who
// filed the record may rate it; a rating may be changed for seven days.
import { RATING_CHANGE_DAYS } from '../feedback/casework-changes.ts';
import { SATISFACTION_LEVELS, type FeedbackRepository, type SatisfactionLevel } from '../feedback/record.ts';
import { menuButton } from './payloads.ts';
import type { Session } from './session.ts';
import { type IncomingMessage, type Reply, reply } from './types.ts';

const SKIP = 'sat-skip';
const NO_COMMENT = new Set(['khong', 'ko', 'k', 'thoi', 'bo qua', 'khong co', 'no']);

export class Rating {
  constructor(private readonly feedback: FeedbackRepository) {}

  /** "sat:PA-K7M3QX:hai-long" pressed (or "sat-skip"). */
  async onButton(data: string, session: Session, message: IncomingMessage): Promise<Reply[]> {
    if (data === SKIP) {
      if (session.flow.kind === 'rating-comment') session.flow = { kind: 'idle' };
      return [reply('Cảm ơn bạn đã đánh giá! Bạn cần hỏi gì thêm cứ nhắn nhé.', menuButton())];
    }
    const [, code = '', level = ''] = data.split(':');
    const record = code ? await this.feedback.get(code) : undefined;
    // Buttons come back from the client: a record of someone else is as good as none.
    if (!record || record.from.channel !== message.channel || record.from.userId !== message.userId || !Object.hasOwn(SATISFACTION_LEVELS, level))
      return [reply('Bot không tìm thấy câu trả lời này để đánh giá.', menuButton())];
    try {
      await this.feedback.rate(record.code, level as SatisfactionLevel);
    } catch (err) {
      return [reply((err as Error).message, menuButton())];
    }
    session.flow = { kind: 'rating-comment', code: record.code, rating: level as SatisfactionLevel };
    return [
      reply(
        `Cảm ơn bạn đã đánh giá "${SATISFACTION_LEVELS[level as SatisfactionLevel]}" cho trả lời phản ánh ${record.code} (bạn có thể đổi trong ${RATING_CHANGE_DAYS} ngày). Bạn có muốn góp ý thêm không? Gõ góp ý của bạn, hoặc bấm "Bỏ qua".`,
        [{ label: 'Bỏ qua', payload: SKIP }],
      ),
    ];
  }

  /** The comment typed after a rating. */
  async onComment(text: string, session: Session): Promise<Reply[]> {
    if (session.flow.kind !== 'rating-comment') return [];
    const { code, rating } = session.flow;
    session.flow = { kind: 'idle' };
    if (NO_COMMENT.has(text.trim().toLowerCase().normalize('NFD').replace(/\p{Mn}/gu, '').replace(/đ/g, 'd')))
      return [reply('Cảm ơn bạn đã đánh giá! Bạn cần hỏi gì thêm cứ nhắn nhé.', menuButton())];
    try {
      await this.feedback.rate(code, rating, text);
    } catch (err) {
      return [reply((err as Error).message, menuButton())];
    }
    return [reply('Cảm ơn góp ý của bạn; cơ quan tiếp nhận sẽ xem để phục vụ tốt hơn.', menuButton())];
  }
}
