// The knowledge the running bot serves, reloaded when staff edit the files: the folders
// are polled (stat only, twice a second), so a saved change is live within about a
// second without a restart, whatever the editor or file system (polling also sees
// editors that save by renaming, and network volumes where file events do not arrive).
// What fails to load keeps its last good version (see KnowledgeLoader), and the problems
// are logged.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { KnowledgeLoader, UNITS_DIR, type KnowledgeBase } from '../knowledge/load.ts';
import { formatProblem } from '../knowledge/problems.ts';
import type { Log } from '../logging/log.ts';
import { UnitDirectory } from '../conversation/units.ts';
import { SearchEngine } from '../search/engine.ts';
import type { EngineOptions } from '../search/search-types.ts';
import type { Casework } from '../feedback/deadlines.ts';
import { WorkingCalendar } from '../time/working-days.ts';
import { DEFAULT_KNOWLEDGE_DIR } from './paths.ts';

export interface OpenedEngine {
  knowledge: KnowledgeBase;
  engine: SearchEngine;
  settings: KnowledgeBase['settings'];
  units: UnitDirectory;
  documents: KnowledgeBase['documents'];
  /** The working-day calendar and the time limits per kind of record. */
  casework: Casework;
}

/** Loads once and builds the engine: for commands that do not keep running. */
export function openEngine(dirs: readonly string[] = []): OpenedEngine {
  const loader = new KnowledgeLoader(dirs.length ? [...dirs] : [DEFAULT_KNOWLEDGE_DIR]);
  return build(loader.load());
}

/** The engine over a loaded knowledge base: its entries, synonyms and out-of-scope topics. */
export function buildEngine(knowledge: Pick<KnowledgeBase, 'entries' | 'synonymGroups' | 'foreignTopics'>, options: Pick<EngineOptions, 'outcomesKept'> = {}): SearchEngine {
  return new SearchEngine(knowledge.entries, knowledge.synonymGroups, { ...options, foreignTopics: knowledge.foreignTopics });
}

function build(knowledge: KnowledgeBase): OpenedEngine {
  return {
    knowledge,
    engine: buildEngine(knowledge),
    settings: knowledge.settings,
    units: new UnitDirectory(knowledge.settings, knowledge.units),
    documents: knowledge.documents,
    // Without calendar.json only weekends are days off; without deadlines.json records get no deadline.
    casework: { calendar: new WorkingCalendar(knowledge.calendar ?? { weekend: [0, 6], compensate: true, holidays: [], years: [] }), ...(knowledge.deadlines && { deadlines: knowledge.deadlines }) },
  };
}

const POLL_MS = 500;

export class LiveKnowledge {
  private opened: OpenedEngine;
  private signature: string;
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<(opened: OpenedEngine) => void>();

  /** Throws KnowledgeLoadError when no usable settings exist. */
  constructor(
    private readonly loader: KnowledgeLoader,
    private readonly log: Log,
  ) {
    this.signature = this.currentSignature();
    this.opened = build(loader.load());
  }

  static open(dirs: readonly string[], log: Log): LiveKnowledge {
    return new LiveKnowledge(new KnowledgeLoader(dirs.length ? [...dirs] : [DEFAULT_KNOWLEDGE_DIR]), log);
  }

  current(): OpenedEngine {
    return this.opened;
  }

  /** Told after each reload that changed something. */
  onReload(listener: (opened: OpenedEngine) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts watching the folders (the timer does not keep the process alive). */
  watch(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.checkForChanges(), POLL_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Reloads now if a file changed since the last load; true when it did. */
  checkForChanges(): boolean {
    const signature = this.currentSignature();
    if (signature === this.signature) return false;
    this.signature = signature;
    this.reload();
    return true;
  }

  /** Loads the files again; never throws (a broken settings file keeps the last good settings). */
  reload(): void {
    try {
      this.opened = build(this.loader.load());
    } catch (err) {
      this.log.error(`Kiến thức: không nạp lại được, vẫn dùng bản đang chạy: ${(err as Error).message}`);
      return;
    }
    const { knowledge } = this.opened;
    for (const p of knowledge.problems) (p.severity === 'error' ? this.log.error : this.log.warn).call(this.log, formatProblem(p));
    this.log.info(`Kiến thức: đã nạp lại ${knowledge.entries.length} mục.`);
    for (const listener of this.listeners) listener(this.opened);
  }

  /** Names, sizes and modification times of every file the loader reads. */
  private currentSignature(): string {
    const parts: string[] = [];
    for (const dir of this.loader.dirs.flatMap((d) => [d, join(d, UNITS_DIR)])) {
      if (!existsSync(dir)) {
        parts.push(`${dir}:-`);
        continue;
      }
      let names: string[];
      try {
        names = readdirSync(dir).filter((n) => n.endsWith('.json'));
      } catch {
        names = [];
      }
      for (const name of names.sort()) {
        try {
          const s = statSync(join(dir, name));
          parts.push(`${dir}/${name}:${s.size}:${s.mtimeMs}`);
        } catch {
          parts.push(`${dir}/${name}:gone`);
        }
      }
    }
    return parts.join('\n');
  }
}
