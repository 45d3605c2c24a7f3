// The instance-data overlay (`instanceData: ./instance-types.json`): types the bundled table lacks, as
// written by `eni-lens data import`. The file is untrusted input: every field is checked, nothing throws,
// and each mistake is a `config` error naming the file, its line and the entry.
import { isScalar, LineCounter, parseDocument } from 'yaml';
import type { Finding, Range } from '../types';
import { NodeReader } from '../yaml/nodes';
import { instanceTypeFromRow, type InstanceRow, type InstanceType } from './index';
import { compareStrings } from '../text';
import { configError } from '../config/configError';

export const OVERLAY_VERSION = 1;
export const MAX_OVERLAY_BYTES = 8 * 1024 * 1024;

/** One type as the overlay file stores it. */
export interface OverlayEntry {
  vcpus: number | null;
  /** ENIs per network card, the default card first. */
  enisPerCard: number[];
  ipv4PerEni: number;
  branchEnis: number;
  trunking: boolean;
  hypervisor: 'nitro' | 'xen' | null;
  bareMetal: boolean;
}

export interface OverlayFile {
  version: number;
  generatedBy: string;
  instanceTypes: Record<string, OverlayEntry>;
}

export interface OverlayResult {
  entries: Map<string, OverlayEntry>;
  errors: Finding[];
}

const ENTRY_KEYS = ['vcpus', 'enisPerCard', 'ipv4PerEni', 'branchEnis', 'trunking', 'hypervisor', 'bareMetal'];
const TYPE_NAME = /^[a-z0-9][a-z0-9-]*\.[a-z0-9-]+$/;

export function isInstanceTypeName(name: string): boolean {
  return name.length <= 64 && TYPE_NAME.test(name);
}

export function overlayEntryToType(name: string, e: OverlayEntry): InstanceType {
  const row: InstanceRow = [
    e.vcpus,
    e.enisPerCard,
    e.ipv4PerEni,
    e.branchEnis,
    e.trunking ? 1 : 0,
    e.hypervisor === 'nitro' ? 'n' : e.hypervisor === 'xen' ? 'x' : null,
    e.bareMetal ? 1 : 0,
  ];
  return instanceTypeFromRow(name, row);
}

/** Reads an overlay file's text. Entries with a mistake are left out and reported; the rest are kept. */
export function parseOverlay(text: string, file: string): OverlayResult {
  const entries = new Map<string, OverlayEntry>();
  const errors: Finding[] = [];
  const fail = (range: Range | undefined, message: string, detail?: string) => errors.push(configError(file, range, message, detail));
  if (text.length > MAX_OVERLAY_BYTES) {
    fail(undefined, `the instance data file is ${(text.length / 1024 / 1024).toFixed(1)} MB, above the ${MAX_OVERLAY_BYTES / 1024 / 1024} MB limit`);
    return { entries, errors };
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const r = new NodeReader(doc, lines);
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    fail(r.offsetsToRange(e.pos[0], e.pos[1]), `not valid JSON: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
    return { entries, errors };
  }
  const root = r.map(doc.contents);
  const types = root && r.map(r.get(root, 'instanceTypes'));
  if (!root || !types) {
    fail(r.range(doc.contents), 'instance data must be an object with "instanceTypes": {"TYPE": {…}}', 'eni-lens data import writes it.');
    return { entries, errors };
  }
  const version = r.get(root, 'version');
  if (version !== undefined && r.integer(version) !== OVERLAY_VERSION) fail(r.range(version), `version must be ${OVERLAY_VERSION}`);

  for (const { key: name, pair } of r.pairs(types)) {
    if (!isInstanceTypeName(name)) {
      fail(r.keyRange(pair), `"${name.slice(0, 64)}" is not an instance type name such as m7i.large`);
      continue;
    }
    const entry = readEntry(r, name, pair.value, r.keyRange(pair), fail);
    if (entry) entries.set(name, entry);
  }
  return { entries, errors };
}

function readEntry(
  r: NodeReader,
  name: string,
  node: unknown,
  keyRange: Range | undefined,
  fail: (range: Range | undefined, message: string, detail?: string) => void,
): OverlayEntry | undefined {
  const map = r.map(node);
  const where = `instance type ${name}`;
  if (!map) {
    fail(r.range(node) ?? keyRange, `${where} must be an object of instance figures`, `Its keys: ${ENTRY_KEYS.join(', ')}.`);
    return undefined;
  }
  let ok = true;
  const bad = (at: unknown, message: string, detail?: string) => {
    fail(r.range(at) ?? r.range(map), `${where}: ${message}`, detail);
    ok = false;
  };
  const whole = (key: string, min: number, max: number): number => {
    const n = r.get(map, key);
    const v = r.integer(n);
    if (n === undefined) bad(map, `${key} is missing`);
    else if (v === undefined || v < min || v > max) bad(n, `${key} must be a whole number from ${min} to ${max}`);
    return v ?? 0;
  };
  const flag = (key: string): boolean => {
    const n = r.get(map, key);
    const v = r.boolean(n);
    if (v === undefined) bad(n ?? map, `${key} must be true or false`);
    return v ?? false;
  };

  for (const { key, pair } of r.pairs(map)) if (!ENTRY_KEYS.includes(key)) bad(pair.key, `unknown key "${key}"`, `Known keys: ${ENTRY_KEYS.join(', ')}.`);
  const vcpus = scalarValue(r, r.get(map, 'vcpus')) === null ? null : whole('vcpus', 1, 10_000); // null: not known, as in the table
  const cardsNode = r.get(map, 'enisPerCard');
  const cards = r.items(cardsNode).map((n) => r.integer(n));
  if (!r.seq(cardsNode) || cards.length === 0 || cards.length > 64 || cards.some((c) => c === undefined || c < 1 || c > 1000)) {
    bad(cardsNode ?? map, 'enisPerCard must be 1 to 64 whole numbers from 1 to 1000', 'A list of the ENIs per network card, the default card first.');
  }
  const ipv4PerEni = whole('ipv4PerEni', 1, 1000);
  const branchEnis = whole('branchEnis', 0, 10_000);
  const trunking = flag('trunking');
  if (trunking && branchEnis === 0) bad(r.get(map, 'trunking'), 'trunking is true but branchEnis is 0');
  const hvNode = r.get(map, 'hypervisor');
  const hvValue = scalarValue(r, hvNode);
  if (hvValue !== null && hvValue !== 'nitro' && hvValue !== 'xen') bad(hvNode ?? map, 'hypervisor must be "nitro", "xen" or null (bare metal)');
  const bareMetal = flag('bareMetal');
  if (!ok) return undefined;
  return { vcpus, enisPerCard: cards as number[], ipv4PerEni, branchEnis, trunking, hypervisor: hvValue as OverlayEntry['hypervisor'], bareMetal };
}

function scalarValue(r: NodeReader, node: unknown): unknown {
  const n = r.deref(node);
  return isScalar(n) ? n.value : undefined;
}

/** The file `data import` writes: entries sorted by name, so re-imports give small diffs. */
export function serializeOverlay(entries: Map<string, OverlayEntry>): string {
  const sorted = [...entries]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([name, e]): [string, OverlayEntry] => [
      name,
      { vcpus: e.vcpus, enisPerCard: e.enisPerCard, ipv4PerEni: e.ipv4PerEni, branchEnis: e.branchEnis, trunking: e.trunking, hypervisor: e.hypervisor, bareMetal: e.bareMetal },
    ]);
  const file: OverlayFile = { version: OVERLAY_VERSION, generatedBy: 'eni-lens data import', instanceTypes: Object.fromEntries(sorted) };
  return `${JSON.stringify(file, null, 2)}\n`;
}
