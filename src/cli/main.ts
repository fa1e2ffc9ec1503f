import { Command } from 'commander';
import { writeEditorSchemas } from './commands/kb-schema.ts';
import { loadKnowledge } from '../knowledge/load.ts';
import { formatProblem } from '../knowledge/problems.ts';

const program = new Command('tthc').description('Công cụ dòng lệnh của tthc-bot');
const kb = program.command('kb').description('Kiểm tra và bảo trì kho kiến thức');
const collect = (v: string, prev: string[]) => [...prev, v];
kb.command('check')
  .option('--knowledge <dir>', 'thư mục kiến thức (lặp lại để nạp nhiều thư mục)', collect, [])
  .action((opts: { knowledge: string[] }) => {
    const kbase = loadKnowledge(opts.knowledge.length ? opts.knowledge : ['knowledge']);
    for (const p of kbase.problems) console.log(formatProblem(p));
    console.log(`${kbase.entries.length} mục hợp lệ, ${kbase.problems.length} vấn đề`);
    process.exitCode = kbase.problems.some((p) => p.severity === 'error') ? 1 : 0;
  });
kb.command('schema').action(() => {
  for (const p of writeEditorSchemas('knowledge/schema')) console.log(p);
});
program.parseAsync();
