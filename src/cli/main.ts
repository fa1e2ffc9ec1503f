import { Command } from 'commander';
import { writeEditorSchemas } from './commands/kb-schema.ts';
import { askLines } from './commands/ask.ts';
import { chatCommand } from './commands/chat.ts';
import { converseCommand } from './commands/converse.ts';
import { checkKnowledge, checkToJson, checkToText } from './commands/kb-check.ts';
import { clockFromEnv, todayOn } from '../time/clock.ts';
import { registerImportCatalog } from './commands/import-catalog.ts';
import { registerFeedbackCommands } from './commands/feedback.ts';
import { registerZaloCommands } from './commands/zalo.ts';
import { registerStaffCommands } from './commands/staff.ts';
import { registerDataCommands } from './commands/data.ts';
import { registerAnnounceCommand } from './commands/announce.ts';
import { openEngine } from '../app/live-knowledge.ts';
import { formatProblem } from '../knowledge/problems.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../app/paths.ts';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { evaluate, parseLabelled } from '../search/evaluate.ts';
import { exitWith } from '../app/fatal-errors.ts';
import { exitQuietlyOnClosedOutput } from './io.ts';
import { useVietnameseHelp } from './vietnamese-help.ts';

exitQuietlyOnClosedOutput();

const program = useVietnameseHelp(new Command('tthc').description('Công cụ dòng lệnh của tthc-bot'));
const collect = (v: string, prev: string[]) => [...prev, v];
const knowledgeOption = (cmd: Command) =>
  cmd.option('--knowledge <dir>', 'thư mục kiến thức; lặp lại để nạp nhiều thư mục cùng lúc', collect, [] as string[]);

knowledgeOption(program
  .command('ask'))
  .description('Đọc mỗi dòng một câu hỏi từ stdin, in kết quả tìm kiếm')
  .option('--json', 'in mỗi kết quả một dòng JSON')
  .action(async (opts: { knowledge: string[]; json?: boolean }) => {
    const { engine, knowledge } = openEngine(opts.knowledge);
    for (const p of knowledge.problems) process.stderr.write(formatProblem(p) + '\n');
    await askLines(engine, process.stdin, process.stdout, opts.json ?? false);
  });

knowledgeOption(program
  .command('eval <file>'))
  .description('Chấm bộ máy tìm kiếm trên tệp câu hỏi có nhãn (JSONL: {"q", "id"})')
  .option('--json', 'in kết quả dạng JSON')
  .action((file: string, opts: { knowledge: string[]; json?: boolean }) => {
    const { engine } = openEngine(opts.knowledge);
    const report = evaluate(engine, parseLabelled(readFileSync(file, 'utf8')));
    if (opts.json) return console.log(JSON.stringify(report));
    for (const m of report.misses) console.log(`trượt: cần ${m.want ?? '(không trả lời)'} — được ${m.got} :: ${m.q}`);
    const { misses, ...metrics } = report;
    console.log(`\nSố câu: ${metrics.questions} · trượt: ${misses.length}`);
    console.log(`hit@1 ${metrics.hit1} · recall@3 ${metrics.recall3} · trả lời sai tự tin ${metrics.confidentlyWrong} · hỏi lại ${metrics.clarifyRate} · từ chối ngoài phạm vi ${metrics.oosRejection}`);
  });

knowledgeOption(program.command('chat').description('Trò chuyện với bot trong cửa sổ dòng lệnh (cả gửi phản ánh)')).action(
  (opts: { knowledge: string[] }) => chatCommand(opts.knowledge),
);

knowledgeOption(program.command('converse'))
  .description('Hội thoại theo dòng JSON: mỗi dòng vào {"user","text"} hoặc {"user","button"}, mỗi dòng ra một kết quả')
  .option('--json', 'định dạng JSON (mặc định, giữ cho tương thích)')
  .action((opts: { knowledge: string[] }) => converseCommand(opts.knowledge));

const kb = program.command('kb').description('Kiểm tra và bảo trì kho kiến thức');
knowledgeOption(kb.command('check'))
  .description('Kiểm tra các tệp kiến thức: lỗi, câu mẫu bị mục khác "giành" mất, nội dung sắp hết hiệu lực hoặc cần rà soát (TTHC_TODAY để xem trước một ngày)')
  .option('--json', 'in một đối tượng JSON {"errors":[…],"warnings":[…]}')
  .action((opts: { knowledge: string[]; json?: boolean }) => {
    const check = checkKnowledge(openEngine(opts.knowledge), todayOn(clockFromEnv()));
    console.log(opts.json ? JSON.stringify(checkToJson(check)) : checkToText(check));
    process.exitCode = check.errors.length ? 1 : 0;
  });
kb.command('schema').action(() => {
  for (const p of writeEditorSchemas(join(DEFAULT_KNOWLEDGE_DIR, 'schema'))) console.log(p);
});
registerImportCatalog(program);
registerFeedbackCommands(program);
registerZaloCommands(program);
registerStaffCommands(program);
registerDataCommands(program);
registerAnnounceCommand(program);
try {
  await program.parseAsync();
} catch (err) {
  exitWith(err);
}
