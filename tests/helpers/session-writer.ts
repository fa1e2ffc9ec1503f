// Saves sessions as fast as it can into the data folder given as argv[2], through the
// lowdb store, many at once (so that saves share writes), and prints each key once its
// save has resolved; a test kills it with SIGKILL somewhere in the middle.
// usage: node --import tsx tests/helpers/session-writer.ts DATA_DIR
import { openLowdbStore } from '../../src/storage/lowdb/open-lowdb-store.ts';

const store = await openLowdbStore(process.argv[2]!);
const at = new Date();
for (let round = 0; ; round++) {
  await Promise.all(
    Array.from({ length: 20 }, async (_, i) => {
      const key = `web:r${round}-${i}`;
      await store.sessions.save(key, { flow: { kind: 'feedback', step: 'name', draft: { kind: 'phan-anh', content: `Bản nháp ${key} chưa gửi xong về đèn đường` } }, updatedAt: at.toISOString() }, at);
      process.stdout.write(`${key}\n`);
    }),
  );
}
