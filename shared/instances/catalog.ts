// The instance types one analysis sees: the bundled table, plus the overlay a config names with
// `instanceData` (types newer than the table, imported by `eni-lens data import`). Each config group
// gets its own catalog, so an overlay never leaks into another group's analysis.
import { allInstanceTypeNames, allInstanceTypes, closestInstanceTypes, DATA_PROVENANCE, lookupInstanceType, type InstanceType } from './index';
import { baseName } from '../text';

export interface InstanceCatalog {
  lookup(name: string): InstanceType | undefined;
  /** Every type, the table's order with overlay types replacing or following them. */
  all(): InstanceType[];
  closest(name: string, limit?: number): string[];
  /** Where the data comes from, for messages: "ENI Lens's EC2 data (1401 types, generated 2026-08-06)". */
  description: string;
  /** The overlay file, when one is in use. */
  overlayFile?: string;
}

const TABLE_DESCRIPTION = `ENI Lens's EC2 data (${DATA_PROVENANCE.instanceTypeCount} types, generated ${DATA_PROVENANCE.generatedAt.slice(0, 10)})`;

/** The bundled table alone: for code that has no config (completion documentation, tests). */
export const DEFAULT_CATALOG: InstanceCatalog = {
  lookup: lookupInstanceType,
  all: allInstanceTypes,
  closest: (name, limit) => closestInstanceTypes(name, limit),
  description: TABLE_DESCRIPTION,
};

/** The table with `overlay` on top: an overlay entry wins over the table's entry of the same name. */
export function catalogWithOverlay(overlay: InstanceType[], file: string): InstanceCatalog {
  if (overlay.length === 0) return { ...DEFAULT_CATALOG, overlayFile: file };
  const byName = new Map(overlay.map((t) => [t.name, t]));
  let everything: InstanceType[] | undefined;
  let names: string[] | undefined;
  const all = () => {
    everything ??= [...allInstanceTypes().map((t) => byName.get(t.name) ?? t), ...overlay.filter((t) => !lookupInstanceType(t.name))];
    return everything;
  };
  return {
    lookup: (name) => (byName.has(name) ? byName.get(name) : lookupInstanceType(name)),
    all,
    closest: (name, limit = 3) => {
      names ??= [...allInstanceTypeNames(), ...overlay.filter((t) => !lookupInstanceType(t.name)).map((t) => t.name)];
      return closestInstanceTypes(name, limit, names);
    },
    description: `${TABLE_DESCRIPTION} and ${baseName(file)} (${overlay.length} type${overlay.length === 1 ? '' : 's'})`,
    overlayFile: file,
  };
}
