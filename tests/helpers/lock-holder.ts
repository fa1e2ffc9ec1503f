// Holds the data-folder lock of argv[2] until killed; prints "locked" once it has it.
import { lockDataDir } from '../../src/storage/lowdb/data-dir-lock.ts';

await lockDataDir(process.argv[2]!);
process.stdout.write('locked\n');
setInterval(() => undefined, 60_000);
