// Adds a citizen's question to an entry's sample questions, in the knowledge file staff
// edit by hand: only that array changes, the rest of the file keeps its formatting (with
// jsonc-parser's edits, not a re-serialisation), and the file is replaced atomically. The
// running bot reloads it like any other edit.
import { stat } from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import { applyEdits, findNodeAtLocation, modify, parseTree, type Node } from 'jsonc-parser';
import { writeFileAtomic } from '../files/private-files.ts';

export class KnowledgeEditError extends Error {}

/** Indentation and line ends as the file already has them. */
function formattingOf(text: string) {
  const indent = /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
  return { insertSpaces: !indent.includes('\t'), tabSize: indent.includes('\t') ? 1 : indent.length, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

const same = (a: string, b: string) => a.normalize('NFC').trim().toLocaleLowerCase('vi') === b.normalize('NFC').trim().toLocaleLowerCase('vi');

/** Returns false when the entry already has this question. */
export async function addSampleQuestion(file: string, entryId: string, question: string): Promise<boolean> {
  const text = question.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!text) throw new KnowledgeEditError('Câu hỏi trống.');
  const raw = await readFile(file, 'utf8');
  const bom = raw.charCodeAt(0) === 0xfeff ? '\uFEFF' : '';
  const source = raw.slice(bom.length);
  const tree = parseTree(source);
  const entries = tree && findNodeAtLocation(tree, ['entries']);
  const index = entries?.children?.findIndex((e: Node) => findNodeAtLocation(e, ['id'])?.value === entryId) ?? -1;
  if (!entries || index < 0) throw new KnowledgeEditError(`Không tìm thấy mục ${entryId} trong ${file}.`);
  const questions = findNodeAtLocation(entries.children![index]!, ['questions']);
  const existing: string[] = (questions?.children ?? []).map((q: Node) => String(q.value));
  if (existing.some((q) => same(q, text))) return false;
  const edits = modify(source, ['entries', index, 'questions', existing.length], text, { isArrayInsertion: true, formattingOptions: formattingOf(source) });
  const { mode } = await stat(file);
  await writeFileAtomic(file, bom + applyEdits(source, edits), mode & 0o777);
  return true;
}
