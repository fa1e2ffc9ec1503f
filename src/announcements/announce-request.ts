// An "announce" request as it travels from the command line to whoever does it (the running
// bot over its control socket, or the command itself): plain JSON, checked on arrival.
import { z } from 'zod';
import { AnnouncementInputError, type AnnouncementActions } from './actions.ts';

export const announceRequest = z.object({
  title: z.string(),
  text: z.string(),
  link: z.string().optional(),
  unit: z.string().optional(),
  /** ISO 8601 with its offset; now when unset. */
  at: z.string().optional(),
  by: z.string().min(1),
});
export type AnnounceRequest = z.infer<typeof announceRequest>;

/** What `announce --json` prints. */
export interface AnnounceResult {
  id: string;
  recipients: number;
}

/** Reads an ISO time with its offset ("2026-01-01T07:00:00+07:00", "…Z"); throws AnnouncementInputError otherwise. */
export function parseSendAt(at: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(at.trim())) throw new AnnouncementInputError(`Thời điểm "${at}" không đúng dạng ISO có múi giờ, ví dụ 2026-01-01T07:00:00+07:00.`);
  const date = new Date(at.trim());
  if (Number.isNaN(date.getTime())) throw new AnnouncementInputError(`Thời điểm "${at}" không có thật.`);
  return date;
}

/** Does the request with `actions`. */
export async function announce(actions: AnnouncementActions, raw: unknown): Promise<AnnounceResult> {
  const parsed = announceRequest.safeParse(raw);
  if (!parsed.success) throw new AnnouncementInputError('Yêu cầu gửi tin không hợp lệ.');
  const r = parsed.data;
  const { announcement, recipients } = await actions.create({
    title: r.title,
    text: r.text,
    ...(r.link ? { link: r.link } : {}),
    ...(r.unit ? { unit: r.unit } : {}),
    ...(r.at ? { sendAt: parseSendAt(r.at) } : {}),
    by: r.by,
  });
  return { id: announcement.id, recipients };
}
