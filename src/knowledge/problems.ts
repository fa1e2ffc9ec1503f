/** What kind of thing is wrong: staff tools group and filter by it (`kb check --json`). */
export type ProblemKind =
  /** The file is not valid JSON, or a folder is missing. */
  | 'json'
  /** A field breaks the schema. */
  | 'schema'
  /** A placeholder settings does not define, or a settings value still standing in for a real one. */
  | 'placeholder'
  | 'duplicate-id'
  /** A `related` id no entry has. */
  | 'related'
  /** A sample question answered by another entry, or not found. */
  | 'collision'
  /** A dated fact ends within 30 days. */
  | 'expiring'
  /** A dated fact has ended and nothing was written for after. */
  | 'expired'
  /** The entry cites a document no longer in force. */
  | 'repealed-basis'
  /** The entry cites a document documents.json does not have. */
  | 'unknown-basis'
  /** The entry was not reviewed for 12 months. */
  | 'review-due';

/** One thing wrong in a knowledge folder, precise enough for staff to find and fix it. */
export interface Problem {
  severity: 'error' | 'warning';
  kind: ProblemKind;
  file: string;
  /** The entry's id, or its position ("#3") when the id itself is missing. */
  entry?: string;
  /** Dotted path inside the entry, e.g. "answer.documents.0". */
  field?: string;
  message: string;
}

export function formatProblem(p: Problem): string {
  const where = [p.file, p.entry && `mục ${p.entry}`, p.field && `trường ${p.field}`].filter(Boolean).join(' › ');
  return `${p.severity === 'error' ? 'LỖI' : 'CẢNH BÁO'} ${where}: ${p.message}`;
}
