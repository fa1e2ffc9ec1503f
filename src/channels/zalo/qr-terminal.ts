// Shows Zalo's login QR code in the terminal. zca-js hands over the QR as a PNG image
// only (not the text it encodes), so the image is decoded here (PNG: zlib + row filters),
// its module grid found from its size and the top-left finder pattern, and each module
// drawn as half a character cell. Any image this cannot read gives undefined: the caller
// then points to the saved PNG instead.
import { inflateSync } from 'node:zlib';

export type QrMatrix = boolean[][];

interface Image {
  width: number;
  height: number;
  /** Luminance 0–255 of pixel (x, y), transparency shown over white. */
  lum(x: number, y: number): number;
}

const PNG_SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);

export function decodePng(png: Buffer): Image | undefined {
  if (png.length < 8 || !png.subarray(0, 8).equals(PNG_SIGNATURE)) return undefined;
  let width = 0;
  let height = 0;
  let bitDepth = 0;
  let colorType = 0;
  let palette: Buffer | undefined;
  let transparency: Buffer | undefined;
  const idat: Buffer[] = [];
  for (let at = 8; at + 8 <= png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      bitDepth = data[8]!;
      colorType = data[9]!;
      if (data[12] !== 0) return undefined; // interlaced
    } else if (type === 'PLTE') palette = data;
    else if (type === 'tRNS') transparency = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colorType];
  if (!width || !height || !channels || ![1, 2, 4, 8].includes(bitDepth) || (bitDepth < 8 && channels !== 1)) return undefined;
  if (colorType === 3 && !palette) return undefined;
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(idat));
  } catch {
    return undefined;
  }
  const bpp = Math.max(1, (channels * bitDepth) / 8);
  const stride = Math.ceil((width * channels * bitDepth) / 8);
  if (raw.length < height * (stride + 1)) return undefined;
  const pixels = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const row = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = pixels.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : Buffer.alloc(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? out[i - bpp]! : 0;
      const b = prev[i]!;
      const c = i >= bpp ? prev[i - bpp]! : 0;
      const x = row[i]!;
      let v: number;
      if (filter === 0) v = x;
      else if (filter === 1) v = x + a;
      else if (filter === 2) v = x + b;
      else if (filter === 3) v = x + ((a + b) >> 1);
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v = x + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      } else return undefined;
      out[i] = v & 0xff;
    }
  }
  const sample = (x: number, y: number, channel: number): number => {
    if (bitDepth === 8) return pixels[y * stride + x * channels + channel]!;
    const perByte = 8 / bitDepth;
    const byte = pixels[y * stride + Math.floor(x / perByte)]!;
    const shift = 8 - bitDepth * ((x % perByte) + 1);
    return (byte >> shift) & ((1 << bitDepth) - 1);
  };
  const scale = (v: number) => (bitDepth === 8 ? v : Math.round((v * 255) / ((1 << bitDepth) - 1)));
  const overWhite = (l: number, alpha: number) => (l * alpha + 255 * (255 - alpha)) / 255;
  const lum = (x: number, y: number): number => {
    switch (colorType) {
      case 0:
        return scale(sample(x, y, 0));
      case 4:
        return overWhite(sample(x, y, 0), sample(x, y, 1));
      case 2:
        return 0.299 * sample(x, y, 0) + 0.587 * sample(x, y, 1) + 0.114 * sample(x, y, 2);
      case 6:
        return overWhite(0.299 * sample(x, y, 0) + 0.587 * sample(x, y, 1) + 0.114 * sample(x, y, 2), sample(x, y, 3));
      default: {
        const i = sample(x, y, 0);
        const l = 0.299 * (palette![i * 3] ?? 0) + 0.587 * (palette![i * 3 + 1] ?? 0) + 0.114 * (palette![i * 3 + 2] ?? 0);
        return overWhite(l, transparency?.[i] ?? 255);
      }
    }
  };
  return { width, height, lum };
}

/** The QR's modules (true = dark), or undefined when the image does not look like a QR code. */
export function qrMatrixFromPng(png: Buffer): QrMatrix | undefined {
  const image = decodePng(png);
  if (!image) return undefined;
  const dark = (x: number, y: number) => image.lum(x, y) < 128;
  let minX = Infinity, minY = Infinity, maxX = -1, maxY = -1;
  for (let y = 0; y < image.height; y++)
    for (let x = 0; x < image.width; x++)
      if (dark(x, y)) {
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
  if (maxX < 0) return undefined;
  const size = maxX - minX + 1;
  if (Math.abs(size - (maxY - minY + 1)) > size / 10) return undefined;
  // The top edge of the top-left finder pattern is 7 modules wide.
  let finder = 0;
  for (let y = minY; y < minY + size / 10; y++) {
    let run = 0;
    while (minX + run <= maxX && dark(minX + run, y)) run++;
    finder = Math.max(finder, run);
  }
  if (!finder) return undefined;
  const versionSide = (n: number) => 21 + 4 * Math.max(0, Math.round((n - 21) / 4));
  const modules = versionSide(size / (finder / 7));
  if (modules > 177) return undefined;
  const cell = size / modules;
  const matrix: QrMatrix = [];
  for (let row = 0; row < modules; row++) {
    const line: boolean[] = [];
    for (let col = 0; col < modules; col++) line.push(dark(Math.floor(minX + (col + 0.5) * cell), Math.floor(minY + (row + 0.5) * cell)));
    matrix.push(line);
  }
  return matrix;
}

/**
 * Two module rows per text line (upper half block, top module as foreground, bottom as
 * background), with explicit black and white so it scans on dark and light terminals.
 */
export function renderQrForTerminal(matrix: QrMatrix, quiet = 2): string {
  const n = matrix.length + 2 * quiet;
  const at = (row: number, col: number) => matrix[row - quiet]?.[col - quiet] ?? false;
  const lines: string[] = [];
  for (let row = 0; row < n; row += 2) {
    let line = '';
    for (let col = 0; col < n; col++) {
      const top = at(row, col);
      const bottom = row + 1 < n ? at(row + 1, col) : false;
      line += `\x1b[${top ? 30 : 97};${bottom ? 40 : 107}m▀`;
    }
    lines.push(`${line}\x1b[0m`);
  }
  return lines.join('\n');
}
