// Builders for small knowledge folders written to temp dirs, so tests exercise the
// real loader on real files.
import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/app/paths.ts';

export function procedure(id: string, title: string, questions: string[], extra: Record<string, unknown> = {}) {
  return {
    kind: 'procedure',
    id,
    category: 'land',
    title,
    questions,
    keywords: [],
    updated: '2026-11-26',
    legalBasis: ['Luật Đất đai số 31/2024/QH15'],
    sources: [{ title: 'Cổng Dịch vụ công quốc gia', url: 'https://dichvucong.gov.vn' }],
    answer: {
      summary: `${title}.`,
      eligibility: 'Hộ gia đình, cá nhân.',
      documents: ['Đơn đề nghị.'],
      submission: { inPerson: '{{office.name}}, {{office.address}}', online: '{{portals.national}}' },
      steps: ['Nộp hồ sơ.', 'Nhận kết quả.'],
      processingTime: '10 ngày làm việc.',
      fees: 'Theo quy định của HĐND tỉnh.',
      notes: [],
    },
    ...extra,
  };
}

/** A temp knowledge folder with the real settings and the given files (name → JSON value or raw text). */
export function knowledgeDir(files: Record<string, unknown>, withSettings = true): string {
  const dir = mkdtempSync(join(tmpdir(), 'tthc-kb-'));
  if (withSettings) copyFileSync(join(DEFAULT_KNOWLEDGE_DIR, 'settings.json'), join(dir, 'settings.json'));
  for (const [name, content] of Object.entries(files))
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return dir;
}

export const sixQuestions = (topic: string) => [
  `thủ tục ${topic}`,
  `${topic} cần giấy tờ gì`,
  `${topic} ở đâu`,
  `${topic} mất bao lâu`,
  `${topic} hết bao nhiêu tiền`,
  `hướng dẫn ${topic}`,
];
