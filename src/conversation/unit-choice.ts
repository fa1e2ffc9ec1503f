// In a deployment serving several wards and communes, the citizen says which is theirs at
// first contact, and can change it ("đổi phường"): answers then carry that unit's office,
// address and hours, and feedback goes to its staff. What they asked before choosing is
// kept and answered once the unit is known. A single-ward deployment never asks.
import { foldText, syllables } from '../search/normalize.ts';
import type { Session } from './session.ts';
import { type Button, type IncomingMessage, type Reply, reply } from './types.ts';
import type { Unit, UnitDirectory } from './units.ts';

export const UNIT_PAYLOAD = 'unit:';
/** Up to this many units, the question offers them as buttons; beyond, the citizen types a name. */
const MAX_BUTTONS = 8;
const CHANGE = /^(?:\/doiphuong|\/doixa|(?:doi|chon|chon lai|thay doi|doi lai) (?:phuong|xa|dia phuong|don vi|phuong xa|noi o)(?: khac)?)$/;
/** Words around a unit's name that do not make a question ("tôi ở", "mình sống tại"). */
const FILLERS = new Set(['toi', 'minh', 'em', 'anh', 'chi', 'o', 'tai', 'song', 'nha', 'thuoc', 'la', 'a', 'nhe', 'phuong', 'xa', 'p', 'dac', 'khu', 'cua', 'dang', 'ben']);

/** What the turn does after the unit step: stop with these replies, or go on (with what to answer). */
export type UnitStep = { done: true; replies: Reply[] } | { done: false; replies: Reply[]; input: IncomingMessage['input'] };

export class UnitChoice {
  constructor(private readonly units: () => UnitDirectory) {}

  /** The unit step of a turn; undefined when there is nothing to do (one unit, or already chosen and not changing). */
  step(message: IncomingMessage, session: Session): UnitStep | undefined {
    const units = this.units();
    if (!units.several) return undefined;
    if (session.unit && !units.get(session.unit)) delete session.unit; // a unit file removed since
    const input = message.input;
    if (input.kind === 'open') {
      const preset = input.unit && units.get(input.unit);
      if (preset && !session.unit) session.unit = preset.id;
      const hello = `Xin chào anh/chị! Tôi là trợ lý tự động (bot) hỏi đáp thủ tục hành chính của các phường, xã ${units.base.unit.province}. Bạn đang ở phường, xã nào?`;
      return session.unit ? undefined : this.ask(session, units, hello);
    }
    if (input.kind === 'button') {
      if (!input.payload.startsWith(UNIT_PAYLOAD)) return session.unit ? undefined : this.ask(session, units, undefined, true);
      const unit = units.get(input.payload.slice(UNIT_PAYLOAD.length));
      return unit ? this.chosen(unit, session) : this.ask(session, units, undefined, true);
    }
    // A photo or a place says nothing about the unit: answered once the unit is known.
    if (input.kind !== 'text') return session.unit ? undefined : this.ask(session, units, undefined, true);
    const folded = foldText(input.text);
    if (CHANGE.test(folded)) {
      session.flow = { kind: 'unit' };
      return this.ask(session, units, 'Bạn muốn chọn phường, xã nào?');
    }
    if (session.unit && session.flow.kind !== 'unit') return undefined;
    return this.fromText(input.text, session, units);
  }

  private fromText(text: string, session: Session, units: UnitDirectory): UnitStep {
    const asked = session.flow.kind === 'unit';
    const pending = asked && session.flow.kind === 'unit' ? session.flow.question : undefined;
    const match = units.find(text);
    if (match.kind === 'one') {
      // "phường B'Lao làm khai sinh cần gì": the unit, and a question to answer with it.
      const question = this.isMoreThanName(text, match.unit) ? text : pending;
      return this.chosen(match.unit, session, question);
    }
    // A sentence is a question to answer once the unit is known; a word or two, a name not found.
    const looksLikeQuestion = syllables(text).length >= 3;
    const question = looksLikeQuestion && match.kind === 'none' ? text : (pending ?? (asked ? undefined : text));
    session.flow = { kind: 'unit', ...(question ? { question } : {}) };
    if (match.kind === 'several') return { done: true, replies: [reply('Bạn chọn đúng phường, xã của mình nhé:', match.units.map(unitButton))] };
    const lead = looksLikeQuestion || !asked ? 'Trước khi trả lời, bạn cho biết bạn đang ở phường, xã nào?' : `Bot chưa tìm thấy phường, xã nào tên "${text.trim().slice(0, 60)}". Bạn đang ở phường, xã nào?`;
    return this.ask(session, units, lead);
  }

  private chosen(unit: Unit, session: Session, question?: string): UnitStep {
    const pending = question ?? (session.flow.kind === 'unit' ? session.flow.question : undefined);
    session.unit = unit.id;
    session.flow = { kind: 'idle' };
    const confirm = reply(`Bot sẽ trả lời theo ${unit.name} (${unit.settings.unit.committee}). Muốn đổi, gõ "đổi phường".`);
    // The question asked before the unit was known, answered now; else the greeting.
    return { done: false, replies: [confirm], input: pending ? { kind: 'text', text: pending } : { kind: 'open' } };
  }

  private ask(session: Session, units: UnitDirectory, lead = 'Bạn đang ở phường, xã nào?', keepFlow = false): UnitStep {
    if (!keepFlow && session.flow.kind !== 'unit') session.flow = { kind: 'unit' };
    const example = units.units[0]!.name;
    const buttons = units.units.length <= MAX_BUTTONS ? units.units.map(unitButton) : [];
    return {
      done: true,
      replies: [
        reply(
          `${lead} Bot cần biết để trả lời đúng địa chỉ, giờ làm việc của nơi bạn đến và chuyển phản ánh tới đúng cán bộ. ${buttons.length ? 'Bạn chọn bên dưới hoặc gõ tên' : 'Bạn gõ tên phường, xã'}, ví dụ: ${example}.`,
          buttons,
        ),
      ],
    };
  }

  /** Whether the message says more than the unit's name (and a "tôi ở"). */
  private isMoreThanName(text: string, unit: Unit): boolean {
    const named = new Set([unit.name, ...(unit.aliases ?? [])].flatMap((n) => syllables(n)));
    return syllables(text).filter((w) => !named.has(w) && !FILLERS.has(w)).length >= 2;
  }
}

function unitButton(unit: Unit): Button {
  return { label: unit.name.charAt(0).toLocaleUpperCase('vi') + unit.name.slice(1), payload: `${UNIT_PAYLOAD}${unit.id}` };
}
