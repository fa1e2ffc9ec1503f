// An import into the knowledge the bot serves drafts an announcement of what is new,
// changed or gone, for staff to edit and send; an import into another folder drafts nothing.
// The real CLI, with no bot running (the command opens the data folder itself).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_KNOWLEDGE_DIR, PROJECT_ROOT } from '../src/app/paths.ts';
import { openLowdbStore } from '../src/storage/lowdb/open-lowdb-store.ts';

const CATALOG = join(PROJECT_ROOT, 'tests', 'fixtures', 'catalog', 'audit.jsonl');

function importInto(out: string, knowledge: string, dataDir: string) {
  return spawnSync('npm', ['run', '-s', 'cli', '--', 'import-catalog', CATALOG, '--out', out, '--json'], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: { ...process.env, TTHC_KNOWLEDGE_DIRS: knowledge, TTHC_DATA_DIR: dataDir },
    timeout: 60_000,
  });
}

describe('a catalogue import into the served knowledge', () => {
  it('drafts one announcement listing the new procedures, and none when nothing changed', async () => {
    const knowledge = mkdtempSync(join(tmpdir(), 'tthc-kb-draft-'));
    cpSync(DEFAULT_KNOWLEDGE_DIR, knowledge, { recursive: true });
    const dataDir = mkdtempSync(join(tmpdir(), 'tthc-data-draft-'));
    const first = importInto(knowledge, knowledge, dataDir);
    expect(first.status, first.stderr).toBe(0);
    const diff = JSON.parse(first.stdout.trim().split('\n').at(-1)!) as { added: string[] };
    expect(diff.added.length).toBeGreaterThan(0);
    expect(first.stderr).toMatch(/Đã soạn 1 bản nháp tin tuyên truyền/);
    const again = importInto(knowledge, knowledge, dataDir);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).not.toMatch(/bản nháp/);

    const store = await openLowdbStore(dataDir);
    try {
      const drafts = await store.announcements.list();
      expect(drafts).toHaveLength(1);
      expect(drafts[0]).toMatchObject({ status: 'draft', origin: 'catalog-import' });
      expect(drafts[0]!.text).toMatch(/Thủ tục mới \(\d+\):[\s\S]*- Khai báo tạm vắng/);
    } finally {
      await store.close();
    }
  });

  it('drafts nothing for an import into a scratch folder', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tthc-data-draft-'));
    const out = mkdtempSync(join(tmpdir(), 'tthc-out-'));
    const run = importInto(out, DEFAULT_KNOWLEDGE_DIR, join(dataDir, 'never'));
    expect(run.status, run.stderr).toBe(0);
    expect(existsSync(join(dataDir, 'never'))).toBe(false);
  });
});
