// Child process of the crash test: submits feedback as fast as it can and prints each
// tracking code the moment submit resolves, until the parent kills it.
// usage: node --import tsx tests/helpers/feedback-writer.ts DATA_DIR
import { openFeedbackRepository } from '../../src/storage/lowdb/feedback-repository.ts';
import { sampleFeedback } from './feedback-fixtures.ts';

const repository = await openFeedbackRepository(process.argv[2]!, { keepBackups: 0 });
for (let i = 0; ; i++) {
  const { code } = await repository.submit(sampleFeedback(i));
  // Synchronous for pipes on Linux: once this returns, the parent will read the code.
  process.stdout.write(`${code}\n`);
}
