// The wards and communes a deployment serves, as the conversation sees them: whether it
// must ask a citizen for theirs, the settings that fill a unit's answers, and the unit a
// name stands for. A single-ward deployment has no units: its settings.json is all there is.
import type { Settings } from '../knowledge/schema.ts';
import type { UnitSettings } from '../knowledge/load.ts';
import { UnitFinder, type UnitMatch } from '../search/unit-finder.ts';

export interface Unit extends UnitSettings {
  /** "phường B'Lao". */
  name: string;
  aliases?: readonly string[];
}

export class UnitDirectory {
  private readonly byId: ReadonlyMap<string, Unit>;
  private readonly finder: UnitFinder<Unit>;
  readonly units: readonly Unit[];

  constructor(
    /** The deployment's own settings: a single ward's, or the province's. */
    readonly base: Settings,
    units: readonly UnitSettings[],
  ) {
    this.units = units.map((u) => ({ ...u, name: u.settings.unit.name, ...(u.settings.aliases ? { aliases: u.settings.aliases } : {}) }));
    this.byId = new Map(this.units.map((u) => [u.id, u]));
    this.finder = new UnitFinder(this.units);
  }

  /** True when citizens must say which unit they belong to (more than one is served). */
  get several(): boolean {
    return this.units.length > 1;
  }

  get(id: string | undefined): Unit | undefined {
    return id === undefined ? undefined : this.byId.get(id);
  }

  /** The settings that fill answers for a citizen of `id`: the unit's, or the deployment's own. */
  settingsOf(id: string | undefined): Settings {
    return this.get(id)?.settings ?? (this.units.length === 1 ? this.units[0]!.settings : this.base);
  }

  /** The unit a citizen's words name. */
  find(text: string): UnitMatch<Unit> {
    return this.finder.find(text);
  }
}
