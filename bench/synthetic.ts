// A stand-in for the national catalogue when ../shared/data is absent: entries built
// from the curated vocabulary, with long official-style titles like the real thing.
import type { Entry } from '../src/knowledge/schema.ts';

export function syntheticEntries(curated: readonly Entry[], count: number, seed = 42): unknown[] {
  let state = seed;
  const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const words = [...new Set(curated.flatMap((e) => `${e.title} ${e.questions.join(' ')}`.split(/\s+/)))].filter((w) => w.length > 1);
  const phrase = (n: number) => Array.from({ length: n }, () => words[Math.floor(random() * words.length)]).join(' ');
  return Array.from({ length: count }, (_, i) => {
    const title = phrase(12 + Math.floor(random() * 20));
    const code = `9.${String(i).padStart(6, '0')}`;
    return {
      kind: 'procedure',
      id: `synthetic.p${i}`,
      category: 'general',
      title,
      questions: [title, `thủ tục ${title}`, `hồ sơ ${title}`, `${title} ở đâu`, `${title} mất bao lâu`, `${title} phí bao nhiêu`],
      keywords: [],
      updated: '2026-11-26',
      legalBasis: [phrase(8)],
      sources: [{ title: 'Tổng hợp', url: 'https://dichvucong.gov.vn' }],
      catalogCodes: [code],
      imported: { catalog: 'dvc', code, level: 'Cấp xã', field: 'Tổng hợp', importedAt: '2026-11-26' },
      answer: {
        summary: phrase(30),
        eligibility: phrase(10),
        documents: [phrase(15), phrase(15)],
        submission: { inPerson: phrase(10), online: phrase(10) },
        steps: [phrase(40), phrase(40)],
        processingTime: '10 ngày làm việc',
        fees: 'Không',
        notes: [],
      },
    };
  });
}
