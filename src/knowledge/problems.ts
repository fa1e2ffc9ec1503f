/** One thing wrong in a knowledge folder, precise enough for staff to find and fix it. */
export interface Problem {
  severity: 'error' | 'warning';
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
