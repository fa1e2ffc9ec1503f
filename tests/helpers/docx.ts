// Reads a .docx the way Word does, far enough for a test: the zip's local file headers,
// then the deflated part. No zip library: the docx writer must not also be the reader.
import { inflateRawSync } from 'node:zlib';

/** The text of the body of a .docx (word/document.xml), as XML. */
export function docxDocumentXml(docx: Buffer): string {
  return inflateRawSync(zipPart(docx, 'word/document.xml')).toString('utf8');
}

/** One stored part of a zip, by name: the deflated bytes. */
export function zipPart(zip: Buffer, name: string): Buffer {
  for (let at = 0; at < zip.length - 30; ) {
    if (zip.readUInt32LE(at) !== 0x04034b50) break;
    const compressed = zip.readUInt32LE(at + 18);
    const nameLength = zip.readUInt16LE(at + 26);
    const extra = zip.readUInt16LE(at + 28);
    const fileName = zip.toString('utf8', at + 30, at + 30 + nameLength);
    const start = at + 30 + nameLength + extra;
    if (fileName === name) return zip.subarray(start, start + compressed);
    at = start + compressed;
  }
  throw new Error(`${name} not in the archive`);
}
