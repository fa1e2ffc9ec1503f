// Photos citizens add to a feedback: the store port, and the one place an image is checked
// and re-encoded before anything is kept. An image is judged by its content (its first
// bytes, then the decoder), never by its name; it must be at most 10 MB and of sensible
// dimensions; it is decoded, turned upright, shrunk to at most 2048 pixels a side and
// encoded again as JPEG with no metadata at all (no EXIF, so no GPS position, camera or
// time: the place a citizen shares is only the one they choose to send).
import { randomBytes } from 'node:crypto';
import type { AttachmentRef } from './record.ts';

export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
/** Sides larger than this are not photos a phone takes (a decompression bomb, a scan of a wall). */
const MAX_SIDE = 12_000;
const MAX_PIXELS = 60_000_000;
const MIN_SIDE = 16;
/** The longest side kept: enough to read a notice or see a pothole, small to store. */
const KEPT_SIDE = 2048;

/** The port both stores implement: lowdb files beside the data, or a PostgreSQL table every replica reaches. */
export interface AttachmentStore {
  /** Resolves once the bytes are durably kept. */
  put(ref: AttachmentRef, data: Buffer, at: Date): Promise<void>;
  get(id: string): Promise<Buffer | undefined>;
}

export type PreparedImage = { ok: true; ref: AttachmentRef; data: Buffer } | { ok: false; reason: string };

const SIGNATURES: { type: string; test: (b: Buffer) => boolean }[] = [
  { type: 'jpeg', test: (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: 'png', test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: 'webp', test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
];

export const NOT_AN_IMAGE = 'Tệp bạn gửi không phải là ảnh. Bot chỉ nhận ảnh chụp (JPEG, PNG hoặc WebP); bot chưa lưu tệp này.';
export const TOO_LARGE = `Ảnh quá lớn: mỗi ảnh tối đa ${MAX_IMAGE_BYTES / 1024 / 1024} MB. Bạn chụp lại hoặc gửi ảnh nhỏ hơn nhé; bot chưa lưu ảnh này.`;

/** Checks an image by its content and re-encodes it with no metadata; a reason (in Vietnamese) when it cannot be kept. */
export async function prepareImage(input: Buffer): Promise<PreparedImage> {
  if (input.length > MAX_IMAGE_BYTES) return { ok: false, reason: TOO_LARGE };
  if (!SIGNATURES.some((s) => s.test(input))) return { ok: false, reason: NOT_AN_IMAGE };
  try {
    // Loaded on the first photo: every process (the CLI, each restart) starts without the native library.
    const { default: sharp } = await import('sharp');
    const meta = await sharp(input, { limitInputPixels: MAX_PIXELS, failOn: 'error' }).metadata();
    const width = meta.autoOrient?.width ?? meta.width ?? 0;
    const height = meta.autoOrient?.height ?? meta.height ?? 0;
    if (Math.max(width, height) > MAX_SIDE || Math.min(width, height) < MIN_SIDE)
      return { ok: false, reason: `Ảnh có kích thước không hợp lệ (${width}×${height} điểm ảnh). Bạn gửi ảnh chụp thông thường nhé; bot chưa lưu ảnh này.` };
    // No withMetadata()/keepExif(): sharp writes none of the input's EXIF, XMP, IPTC or ICC data.
    const { data, info } = await sharp(input, { limitInputPixels: MAX_PIXELS, failOn: 'error', pages: 1 })
      .autoOrient()
      .resize({ width: KEPT_SIDE, height: KEPT_SIDE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    return { ok: true, data, ref: { id: randomBytes(12).toString('base64url'), type: 'image/jpeg', width: info.width, height: info.height, bytes: data.length } };
  } catch {
    return { ok: false, reason: NOT_AN_IMAGE };
  }
}

/** "11.94021, 108.43731" and a map link (OpenStreetMap), for staff reading a record. */
export function mapLink(location: { latitude: number; longitude: number }): { text: string; url: string } {
  const lat = location.latitude.toFixed(5);
  const lon = location.longitude.toFixed(5);
  return { text: `${lat}, ${lon}`, url: `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=18/${lat}/${lon}` };
}
