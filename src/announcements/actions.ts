// What staff do with announcements, from the web page, the CLI or (for a running bot's data
// folder) the CLI through the bot: write one (send now, at a time, or keep as a draft), edit
// a draft, send a draft. The rules are here once: the limits, a link that is a web address,
// a time not in the past, a ward that exists.
import { randomBytes } from 'node:crypto';
import { MAX_LINK_CHARS, MAX_TEXT_CHARS, MAX_TITLE_CHARS, type Announcement, type AnnouncementOf } from './announcement.ts';
import { startSending } from './broadcaster.ts';
import type { AnnouncementStore } from './store.ts';

export interface AnnouncementInput {
  title: string;
  text: string;
  link?: string;
  /** The ward; none for everyone (province staff, or a single ward's deployment). */
  unit?: string;
  /** When to send; now when unset. */
  sendAt?: Date;
  /** Keep it as a draft instead of sending. */
  draft?: boolean;
  by: string;
}

export interface AnnouncementActionsDeps {
  store: AnnouncementStore;
  /** True for a ward id of this deployment. */
  unitExists: (id: string) => boolean;
  now: () => Date;
  /** Told after an announcement is to be sent (to wake the broadcaster, here and on other replicas). */
  onQueued?: () => void | Promise<void>;
}

/** Input staff must correct; the message says what, in Vietnamese. */
export class AnnouncementInputError extends Error {
  override name = 'AnnouncementInputError';
}

/** A broadcast's id: short enough to type, unguessable enough not to collide. */
const newId = () => randomBytes(6).toString('base64url').replace(/[-_]/g, 'x');

/** Checks and tidies what staff typed; throws AnnouncementInputError naming the field. */
export function checkInput(input: AnnouncementInput, deps: Pick<AnnouncementActionsDeps, 'unitExists' | 'now'>): Required<Pick<AnnouncementInput, 'title' | 'text'>> & Pick<AnnouncementInput, 'link' | 'unit'> {
  const title = input.title.normalize('NFC').replace(/\s+/g, ' ').trim();
  const text = input.text.normalize('NFC').replace(/\r\n?/g, '\n').trim();
  const link = input.link?.trim() || undefined;
  if (!title) throw new AnnouncementInputError('Tiêu đề không được để trống.');
  if (title.length > MAX_TITLE_CHARS) throw new AnnouncementInputError(`Tiêu đề dài ${title.length} ký tự; tối đa ${MAX_TITLE_CHARS}.`);
  if (!text) throw new AnnouncementInputError('Nội dung không được để trống.');
  if (text.length > MAX_TEXT_CHARS) throw new AnnouncementInputError(`Nội dung dài ${text.length} ký tự; tối đa ${MAX_TEXT_CHARS}.`);
  if (link !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(link);
    } catch {
      url = undefined;
    }
    if (!url || !/^https?:$/.test(url.protocol) || link.length > MAX_LINK_CHARS) throw new AnnouncementInputError('Liên kết phải là địa chỉ web bắt đầu bằng https:// hoặc http://.');
  }
  if (input.unit !== undefined && !deps.unitExists(input.unit)) throw new AnnouncementInputError(`Không có phường, xã mã "${input.unit}".`);
  if (input.sendAt !== undefined) {
    if (Number.isNaN(input.sendAt.getTime())) throw new AnnouncementInputError('Thời điểm gửi không hợp lệ (dạng 2026-01-01T07:00:00+07:00).');
    // A minute's grace: "now" typed into a form is a little in the past by the time it arrives.
    if (input.sendAt.getTime() < deps.now().getTime() - 60_000) throw new AnnouncementInputError('Thời điểm gửi đã qua.');
  }
  return { title, text, ...(link ? { link } : {}), ...(input.unit ? { unit: input.unit } : {}) };
}

export class AnnouncementActions {
  constructor(private readonly deps: AnnouncementActionsDeps) {}

  /** Writes an announcement; returns it with the subscribers it goes (or would now go) to. */
  async create(input: AnnouncementInput): Promise<{ announcement: Announcement; recipients: number }> {
    const fields = checkInput(input, this.deps);
    const now = this.deps.now();
    const base = { id: newId(), ...fields, createdAt: now.toISOString(), createdBy: input.by, origin: 'staff' as const };
    const later = input.sendAt && input.sendAt.getTime() > now.getTime();
    const announcement: Announcement = input.draft ? { ...base, status: 'draft' } : { ...base, status: 'scheduled', sendAt: (later ? input.sendAt! : now).toISOString() };
    await this.deps.store.create(announcement);
    return this.queued(announcement, now);
  }

  /** Saves a draft made by the bot (after a catalogue import) for staff to edit and send. */
  async createDraft(draft: Omit<AnnouncementOf<'draft'>, 'id' | 'status' | 'createdAt'>): Promise<AnnouncementOf<'draft'>> {
    const a: AnnouncementOf<'draft'> = { ...draft, id: newId(), status: 'draft', createdAt: this.deps.now().toISOString() };
    await this.deps.store.create(a);
    return a;
  }

  /** Changes a draft (still a draft); with `send`, sends it now or at `sendAt`. */
  async editDraft(id: string, input: AnnouncementInput, scope: { unit?: string }): Promise<{ announcement: Announcement; recipients: number }> {
    const old = await this.draftOf(id, scope);
    const fields = checkInput(input, this.deps);
    const now = this.deps.now();
    const base = { id, ...fields, createdAt: old.createdAt, createdBy: old.createdBy, origin: old.origin };
    const later = input.sendAt && input.sendAt.getTime() > now.getTime();
    const next: Announcement = input.draft ? { ...base, status: 'draft' } : { ...base, status: 'scheduled', sendAt: (later ? input.sendAt! : now).toISOString() };
    const saved = await this.deps.store.replace(id, ['draft'], next);
    if (!saved) throw new AnnouncementInputError('Tin này vừa được gửi hoặc sửa ở nơi khác; tải lại trang để xem.');
    return this.queued(saved, now);
  }

  /** An announcement staff of `scope` may see (their ward's, or everyone's for province staff). */
  async visible(id: string, scope: { unit?: string }): Promise<Announcement | undefined> {
    const a = await this.deps.store.get(id);
    return a && (!scope.unit || a.unit === scope.unit) ? a : undefined;
  }

  private async draftOf(id: string, scope: { unit?: string }): Promise<AnnouncementOf<'draft'>> {
    const a = await this.visible(id, scope);
    if (!a || a.status !== 'draft') throw new AnnouncementInputError('Không có bản nháp này (có thể đã được gửi).');
    return a;
  }

  /** Starts one to send now (its recipients counted), or counts who would receive one scheduled. */
  private async queued(a: Announcement, now: Date): Promise<{ announcement: Announcement; recipients: number }> {
    if (a.status === 'draft') return { announcement: a, recipients: await this.deps.store.countSubscribers({ ...(a.unit ? { unit: a.unit } : {}) }) };
    let result: Announcement = a;
    let recipients: number;
    if (a.status === 'scheduled' && Date.parse(a.sendAt) <= now.getTime()) {
      const sending = await startSending(this.deps.store, a, now);
      result = sending ?? (await this.deps.store.get(a.id)) ?? a;
      recipients = 'recipients' in result ? result.recipients : await this.deps.store.countSubscribers({ ...(a.unit ? { unit: a.unit } : {}) });
    } else recipients = await this.deps.store.countSubscribers({ ...(a.unit ? { unit: a.unit } : {}) });
    await this.deps.onQueued?.();
    return { announcement: result, recipients };
  }
}
