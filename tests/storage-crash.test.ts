// Crash safety with a real process: a writer killed with SIGKILL in the middle of a burst
// of submissions must leave every code it acknowledged on disk, in a file that parses.
// The file starts with enough records that each write takes several write() calls, so a
// kill can land inside one: a file written in place would then be left cut short.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/app/paths.ts';
import { openFeedbackRepository } from '../src/storage/lowdb/feedback-repository.ts';
import { quarterKey } from '../src/time/vietnam-calendar.ts';
import { removeTempDataDirs, seedFeedbackFile, tempDataDir } from './helpers/feedback-fixtures.ts';

afterAll(removeTempDataDirs);

const WRITER = join(PROJECT_ROOT, 'tests', 'helpers', 'feedback-writer.ts');
/** About 750 kB of JSON: Node writes a file in chunks of 512 KiB. */
const SEEDED = 1000;

/**
 * Runs the writer until it has printed `killAfter` codes, kills it a random few milliseconds
 * later (anywhere in the next submission: building, writing, syncing or renaming), and
 * returns every code it printed.
 */
function submitUntilKilled(dataDir: string, killAfter: number): Promise<string[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const codes: string[] = [];
  let partial = '';
  let stderr = '';
  let killing: NodeJS.Timeout | undefined;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!;
    codes.push(...lines);
    if (codes.length >= killAfter && !killing) killing = setTimeout(() => child.kill('SIGKILL'), randomInt(20));
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) =>
      signal === 'SIGKILL' ? resolve(codes) : reject(new Error(`the writer stopped by itself (${code}): ${stderr}`)),
    );
  });
}

describe('a writer killed mid-burst', () => {
  it('loses no acknowledged code, three times over', async () => {
    const runs: string[] = [];
    for (let run = 1; run <= 3; run++) {
      const dir = tempDataDir();
      seedFeedbackFile(join(dir, 'feedback', `${quarterKey(new Date())}.json`), SEEDED, new Date());
      const acknowledged = await submitUntilKilled(dir, 50 + randomInt(50));
      expect(acknowledged.length).toBeGreaterThanOrEqual(50);

      const [file, ...others] = readdirSync(join(dir, 'feedback')).filter((f) => f.endsWith('.json'));
      expect(others).toEqual([]);
      const onDisk = JSON.parse(readFileSync(join(dir, 'feedback', file!), 'utf8')).records.length - SEEDED;
      const repo = await openFeedbackRepository(dir);
      const stored = new Set((await repo.list()).map((r) => r.code));
      const missing = acknowledged.filter((code) => !stored.has(code));
      const found = (await repo.list()).length - SEEDED;
      await repo.close();

      expect(missing).toEqual([]);
      // Submissions run one after another: at most one was written but not yet printed.
      expect(found).toBe(onDisk);
      expect(found - acknowledged.length).toBeGreaterThanOrEqual(0);
      expect(found - acknowledged.length).toBeLessThanOrEqual(1);
      // A temporary file left behind shows the kill landed inside a write.
      const interrupted = existsSync(join(dir, 'feedback', `.${file}.tmp`)) ? ', a write cut short' : '';
      runs.push(`run ${run}: ${acknowledged.length} acknowledged, ${found} on disk${interrupted}`);
    }
    console.info(`crash test — ${runs.join('; ')}`);
  });
});
