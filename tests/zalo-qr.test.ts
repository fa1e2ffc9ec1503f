// The login QR drawn in the terminal from the PNG zca-js saves: PNGs built here, in the
// formats an encoder may choose, must give back the module grid they were drawn from.
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { qrMatrixFromPng, renderQrForTerminal, type QrMatrix } from '../src/channels/zalo/qr-terminal.ts';

function fakeQr(modules: number, seed: number): QrMatrix {
  let s = seed;
  const random = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const m: QrMatrix = Array.from({ length: modules }, () => Array.from({ length: modules }, () => random() < 0.5));
  const finder = (r0: number, c0: number) => {
    for (let r = -1; r <= 7; r++)
      for (let c = -1; c <= 7; c++) {
        const row = m[r0 + r];
        if (!row || c0 + c < 0 || c0 + c >= modules) continue;
        const ring = Math.max(Math.abs(r - 3), Math.abs(c - 3));
        row[c0 + c] = ring !== 2 && ring !== 4;
      }
  };
  finder(0, 0);
  finder(0, modules - 7);
  finder(modules - 7, 0);
  return m;
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
}

/** A PNG of the matrix: `scale` pixels per module, `quiet` modules of white around it. */
function png(matrix: QrMatrix, format: 'gray' | 'rgba' | 'palette1', scale = 6, quiet = 4): Buffer {
  const side = (matrix.length + 2 * quiet) * scale;
  const darkAt = (x: number, y: number) => matrix[Math.floor(y / scale) - quiet]?.[Math.floor(x / scale) - quiet] ?? false;
  const rows: Buffer[] = [];
  const raws: Buffer[] = [];
  for (let y = 0; y < side; y++) {
    let row: Buffer;
    if (format === 'gray') row = Buffer.from(Array.from({ length: side }, (_, x) => (darkAt(x, y) ? 20 : 240)));
    else if (format === 'rgba') row = Buffer.from(Array.from({ length: side }, (_, x) => (darkAt(x, y) ? [0, 0, 0, 255] : [255, 255, 255, 0])).flat());
    else {
      row = Buffer.alloc(Math.ceil(side / 8));
      for (let x = 0; x < side; x++) if (darkAt(x, y)) row[x >> 3]! |= 0x80 >> (x & 7);
    }
    // Alternate filters: none, Sub, Up, Average, Paeth.
    const filter = y % 5;
    const bpp = format === 'rgba' ? 4 : 1;
    const prev = raws.at(-1) ?? Buffer.alloc(row.length);
    const out = Buffer.alloc(row.length);
    for (let i = 0; i < row.length; i++) {
      const a = i >= bpp ? row[i - bpp]! : 0;
      const b = prev[i]!;
      const c = i >= bpp ? prev[i - bpp]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predicted = [0, a, b, (a + b) >> 1, paeth][filter]!;
      out[i] = (row[i]! - predicted) & 0xff;
    }
    rows.push(Buffer.concat([Buffer.from([filter]), out]));
    raws.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = format === 'palette1' ? 1 : 8;
  ihdr[9] = { gray: 0, rgba: 6, palette1: 3 }[format];
  const chunks = [chunk('IHDR', ihdr)];
  if (format === 'palette1') chunks.push(chunk('PLTE', Buffer.from([255, 255, 255, 0, 0, 0])));
  chunks.push(chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), ...chunks]);
}

describe('zalo login QR in the terminal', () => {
  it.each([
    ['gray', 25, 6],
    ['rgba', 29, 5],
    ['palette1', 33, 4],
  ] as const)('reads the module grid back from a %s PNG (%i modules)', (format, modules, scale) => {
    const matrix = fakeQr(modules, modules * 7);
    expect(qrMatrixFromPng(png(matrix, format, scale))).toEqual(matrix);
  });

  it('draws two module rows per line with a quiet zone', () => {
    const matrix = fakeQr(21, 3);
    const text = renderQrForTerminal(matrix, 2);
    const lines = text.split('\n');
    expect(lines).toHaveLength(Math.ceil((21 + 4) / 2));
    expect(lines.every((l) => (l.match(/▀/g) ?? []).length === 25)).toBe(true);
  });

  it('gives up on what is not a readable PNG', () => {
    expect(qrMatrixFromPng(Buffer.from('not a png'))).toBeUndefined();
    expect(qrMatrixFromPng(png([[false]], 'gray'))).toBeUndefined();
  });
});
