// Real images for tests, made with sharp: a photo carrying GPS EXIF (as a phone writes it),
// and ways to look inside what the bot kept (EXIF, XMP, ICC segments of a JPEG).
import sharp from 'sharp';

/** A JPEG photo whose EXIF holds a GPS position, a camera model and a time. */
export async function photoWithGps(width = 1200, height = 900, colour = '#3a7d44'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } })
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Make: 'TestPhone', Model: 'GPS Camera 1', DateTime: '2027:02:03 08:15:00' },
      // GPS IFD: 11°56'25"N 108°26'14"E (Bảo Lộc).
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '11/1 56/1 25/1', GPSLongitudeRef: 'E', GPSLongitude: '108/1 26/1 14/1' },
    })
    .toBuffer();
}

/** The JPEG marker segments of a file: APP1 (EXIF, XMP), APP2 (ICC) … by marker byte. */
export function jpegSegments(data: Buffer): number[] {
  const markers: number[] = [];
  let i = 2;
  while (i + 4 <= data.length && data[i] === 0xff) {
    const marker = data[i + 1]!;
    if (marker === 0xda) break; // start of scan: the image data follows
    markers.push(marker);
    i += 2 + data.readUInt16BE(i + 2);
  }
  return markers;
}

/** True when the bytes hold any metadata a camera writes: an EXIF or XMP block, GPS tags, a camera name. */
export function hasMetadata(data: Buffer): boolean {
  const text = data.toString('latin1');
  return jpegSegments(data).some((m) => m === 0xe1 || m === 0xe2 || m === 0xed) || text.includes('Exif\0') || text.includes('TestPhone') || text.includes('GPS Camera');
}

/** A PDF, named whatever a test likes. */
export const pdfBytes = () => Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
