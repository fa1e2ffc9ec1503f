// What the staff pages need, and the two guards every route uses.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AnnouncementActions } from '../../announcements/actions.ts';
import type { AnnouncementStore } from '../../announcements/store.ts';
import type { FeedbackRepository } from '../../feedback/record.ts';
import type { AttachmentStore } from '../../feedback/attachments.ts';
import type { Casework } from '../../feedback/deadlines.ts';
import type { UnitDirectory } from '../../conversation/units.ts';
import type { Problem } from '../../knowledge/problems.ts';
import type { Entry, Settings } from '../../knowledge/schema.ts';
import type { Log } from '../../logging/log.ts';
import type { OutboxPort } from '../../outbox/message.ts';
import type { SearchEngine } from '../../search/engine.ts';
import type { StaffAccounts } from '../../staff/accounts.ts';
import type { Flash } from '../views/staff-layout.ts';
import type { Staff, StaffAuth } from './auth.ts';

export interface StaffKnowledge {
  engine: SearchEngine;
  settings: Settings;
  units: UnitDirectory;
  entries: readonly Entry[];
  /** Entry id → its knowledge file. */
  pathOf: ReadonlyMap<string, string>;
  /** What needs a look before it is too late, on today's date (the same list as `kb check`'s warnings). */
  review: () => Problem[];
  /** The working-day calendar and the time limits (deadlines on the record page and in the inbox). */
  casework: Casework;
}

export interface StaffDeps {
  auth: StaffAuth;
  accounts: StaffAccounts;
  feedback: FeedbackRepository;
  /** The photos citizens attached. */
  attachments: AttachmentStore;
  outbox: OutboxPort;
  knowledge: () => StaffKnowledge;
  /** Reloads the knowledge at once after an edit from the workspace. */
  reloadKnowledge: () => void;
  now: () => Date;
  log: Log;
  /** Announcements to subscribers (the page, and the report's part on them). */
  announcements?: { actions: AnnouncementActions; store: AnnouncementStore };
  /** Where citizens reach the bot, for the poster: the web chat's address, the Telegram bot's username, the Zalo bot's link. */
  posterLinks?: () => { web?: string; telegram?: string; zalo?: string };
}

/** Messages shown after a change; the URL carries only their key, never what staff typed. */
const FLASHES: Record<string, Flash> = {
  answered: { kind: 'ok', text: 'Đã lưu câu trả lời; câu trả lời đang được gửi tới người dân.' },
  status: { kind: 'ok', text: 'Đã đổi trạng thái; người dân được báo qua kênh họ đã dùng.' },
  added: { kind: 'ok', text: 'Đã thêm câu hỏi vào kho kiến thức; bot dùng ngay.' },
  dismissed: { kind: 'ok', text: 'Đã bỏ qua câu hỏi.' },
  account: { kind: 'ok', text: 'Đã cập nhật tài khoản.' },
  'ann-sent': { kind: 'ok', text: 'Đã bắt đầu gửi tin tới người đăng ký.' },
  'ann-scheduled': { kind: 'ok', text: 'Đã hẹn giờ gửi tin.' },
  'ann-draft': { kind: 'ok', text: 'Đã lưu bản nháp.' },
  assign: { kind: 'ok', text: 'Đã giao xử lý; cán bộ được báo trong chat của mình nếu đã liên kết.' },
  category: { kind: 'ok', text: 'Đã đổi lĩnh vực; báo cáo tính theo lĩnh vực mới.' },
  kind: { kind: 'ok', text: 'Đã đổi loại; hạn xử lý được tính lại theo loại mới.' },
};

export const flashOf = (key: unknown): Flash | undefined => (typeof key === 'string' && Object.hasOwn(FLASHES, key) ? FLASHES[key] : undefined);

/** The settings a staff member works under: their unit's, or the deployment's for province-level staff. */
export const settingsFor = (deps: StaffDeps, staff: Staff): Settings => deps.knowledge().units.settingsOf(staff.account.unit);

/** The name on the workspace's header: the staff member's unit committee, or the deployment's. */
export const headerFor = (deps: StaffDeps, staff: Staff): string => settingsFor(deps, staff).unit.committee;

/**
 * The unit a request may look at: a unit's staff see only their own; province-level staff
 * see all, or the one they pick (`asked`, when it is a unit of this deployment).
 */
export function unitScope(deps: StaffDeps, staff: Staff, asked?: unknown): string | undefined {
  if (staff.account.unit) return staff.account.unit;
  return typeof asked === 'string' && deps.knowledge().units.get(asked) ? asked : undefined;
}

/** For pages: the staff member, or a redirect to the login form. */
export async function staffOrLogin(deps: StaffDeps, request: FastifyRequest, reply: FastifyReply): Promise<Staff | undefined> {
  const staff = await deps.auth.identify(request);
  if (!staff) void reply.redirect('/staff', 303);
  return staff;
}

export const html = (reply: FastifyReply, body: string) => reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-store').send(body);

/** A form field as one string (forms send strings; anything else counts as missing). */
export const field = (body: unknown, name: string): string | undefined => {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
};
