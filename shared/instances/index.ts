// Instance-type facts and the capacity arithmetic of the VPC CNI and the VPC resource controller.
// Formulas: data/README.md (max pods) and the facts note (branch ENIs, trunk slot).
import { DATA_PROVENANCE, INSTANCE_ROWS, MAX_PODS_ONLY, type InstanceRow } from './table.generated';
import { compareStrings } from '../text';

export { DATA_PROVENANCE, type InstanceRow };

export type Hypervisor = 'nitro' | 'xen' | null;
export type Architecture = 'arm64' | 'amd64';

export interface InstanceType {
  name: string;
  family: string;
  size: string;
  vcpus: number | null;
  /** ENIs on the default network card: the only ones the VPC CNI gives pod IPs from. */
  enisDefaultCard: number;
  /** ENIs summed over every network card. */
  enisAllCards: number;
  networkCards: number;
  ipv4PerEni: number;
  trunking: boolean;
  /** What the resource controller advertises as `vpc.amazonaws.com/pod-eni` (0 without trunking). */
  branchEnis: number;
  hypervisor: Hypervisor;
  bareMetal: boolean;
  architecture: Architecture;
  /**
   * Known only by its published max pods (eni-max-pods.txt): ENIs, IPs per ENI and branch ENIs are not in the
   * data (0 here), so it is treated as without trunking.
   */
  maxPodsOnly?: number;
}

const cache = new Map<string, InstanceType>();

export function lookupInstanceType(name: string): InstanceType | undefined {
  const hit = cache.get(name);
  if (hit) return hit;
  const row = Object.prototype.hasOwnProperty.call(INSTANCE_ROWS, name) ? INSTANCE_ROWS[name] : undefined;
  const maxPods = !row && Object.prototype.hasOwnProperty.call(MAX_PODS_ONLY, name) ? MAX_PODS_ONLY[name] : undefined;
  if (!row && maxPods === undefined) return undefined;
  const type = row ? instanceTypeFromRow(name, row) : maxPodsOnlyType(name, maxPods!);
  cache.set(name, type);
  return type;
}

/** The facts of one type from a row of the generated table (or an overlay entry in the same shape). */
export function instanceTypeFromRow(name: string, row: InstanceRow): InstanceType {
  const [vcpus, cards, ipv4PerEni, branchEnis, trunking, hv, bareMetal] = row;
  const dot = name.indexOf('.');
  const family = dot < 0 ? name : name.slice(0, dot);
  return {
    name,
    family,
    size: dot < 0 ? '' : name.slice(dot + 1),
    vcpus,
    enisDefaultCard: cards[0],
    enisAllCards: cards.reduce((a, b) => a + b, 0),
    networkCards: cards.length,
    ipv4PerEni,
    trunking: trunking === 1,
    branchEnis: trunking === 1 ? branchEnis : 0,
    hypervisor: hv === 'n' ? 'nitro' : hv === 'x' ? 'xen' : null,
    bareMetal: bareMetal === 1,
    architecture: architectureOfFamily(family),
  };
}

/** A type of the published max pods alone: no vCPU, ENI or branch-ENI figures. */
function maxPodsOnlyType(name: string, maxPods: number): InstanceType {
  const type = instanceTypeFromRow(name, [null, [0], 0, 0, 0, null, name.endsWith('.metal') ? 1 : 0]);
  return { ...type, maxPodsOnly: maxPods };
}

const ALL_NAMES = [...Object.keys(INSTANCE_ROWS), ...Object.keys(MAX_PODS_ONLY)];

/** The table's types, then those known by their published max pods only. */
export function allInstanceTypeNames(): string[] {
  return ALL_NAMES;
}

export function allInstanceTypes(): InstanceType[] {
  return allInstanceTypeNames().map((n) => lookupInstanceType(n)!);
}

/**
 * Graviton families carry a `g` among the attribute letters after the generation digit (c6g, m7gd,
 * c7gn, im4gn, is4gen, x2gd, t4g, m7g-flex); a1 is the first-generation Graviton. The table has no
 * architecture column, and the naming convention is what AWS documents.
 */
export function architectureOfFamily(family: string): Architecture {
  if (family === 'a1') return 'arm64';
  const m = /^[a-z]+\d+([a-z]*)(?:-|$)/.exec(family);
  return m && m[1].includes('g') ? 'arm64' : 'amd64';
}

/** Secondary-IP mode: E × (I − 1) + 2, E counted on the default card only. Equals the published EKS value. */
export function maxPodsSecondaryIp(t: InstanceType): number {
  if (t.maxPodsOnly !== undefined) return t.maxPodsOnly;
  return t.enisDefaultCard * (t.ipv4PerEni - 1) + 2;
}

/** The VPC CNI enables prefix delegation only on Nitro and bare-metal types; elsewhere it falls back. */
export function supportsPrefixDelegation(t: InstanceType): boolean {
  return t.hypervisor === 'nitro' || t.bareMetal;
}

/** Prefix delegation, uncapped: E × (I − 1) × 16 + 2 on Nitro; the calculator keeps bare metal in IP mode. */
export function maxPodsPrefixUncapped(t: InstanceType): number {
  return t.hypervisor === 'nitro' ? t.enisDefaultCard * (t.ipv4PerEni - 1) * 16 + 2 : maxPodsSecondaryIp(t);
}

/** The EKS max-pods calculator's recommended cap: 110 up to 30 vCPUs, 250 above. */
export function maxPodsCap(t: InstanceType): number {
  return t.vcpus !== null && t.vcpus > 30 ? 250 : 110;
}

export interface MaxPods {
  value: number;
  /** How the value was reached, for messages and hovers. */
  basis: string;
}

/**
 * Kubelet max pods as a node gets it by default: the published figure in secondary-IP mode, and the
 * calculator's capped figure with prefix delegation (the uncapped one reaches thousands).
 */
export function defaultMaxPods(t: InstanceType, prefixDelegation: boolean): MaxPods {
  if (t.maxPodsOnly !== undefined) {
    const pd = prefixDelegation ? '; its prefix-delegation figure is not known' : '';
    return { value: t.maxPodsOnly, basis: `the published max pods of ${t.name} (eni-max-pods.txt; its ENIs are not in ENI Lens's data${pd})` };
  }
  const e = t.enisDefaultCard;
  const i = t.ipv4PerEni;
  if (!prefixDelegation) {
    return { value: maxPodsSecondaryIp(t), basis: `${e} ENIs × (${i} − 1) IPs + 2` };
  }
  const uncapped = maxPodsPrefixUncapped(t);
  const cap = maxPodsCap(t);
  if (t.hypervisor !== 'nitro') {
    return { value: uncapped, basis: `${e} ENIs × (${i} − 1) IPs + 2; no prefix delegation on a non-Nitro type` };
  }
  return uncapped > cap
    ? { value: cap, basis: `prefix delegation gives ${uncapped}, capped at ${cap} for ${t.vcpus ?? '?'} vCPUs` }
    : { value: uncapped, basis: `${e} ENIs × (${i} − 1) prefixes × 16 + 2` };
}

/**
 * IPs a node gives to pods without a branch ENI when `reservedEnis` ENI slots of the default card serve no
 * pods (the trunk ENI, custom networking's primary ENI): `(E − reserved) × (I − 1)`, × 16 with prefixes.
 */
export function podIpCount(t: InstanceType, reservedEnis: number, prefixDelegation: boolean): number {
  const perSlot = prefixDelegation && t.hypervisor === 'nitro' ? 16 : 1;
  return Math.max(0, t.enisDefaultCard - reservedEnis) * (t.ipv4PerEni - 1) * perSlot;
}

/** IPs left for ordinary (non-branch-ENI) pods once the trunk ENI takes a slot on the default card. */
export function podIpsWithTrunk(t: InstanceType, prefixDelegation: boolean): number {
  return podIpCount(t, 1, prefixDelegation);
}

const SIZE_ORDER = ['nano', 'micro', 'small', 'medium', 'large', 'xlarge'];

/** Orders sizes within a family: by vCPUs, then by name rank (metal after the same-vCPU virtual size). */
export function compareBySize(a: InstanceType, b: InstanceType): number {
  const va = a.vcpus ?? Number.MAX_SAFE_INTEGER;
  const vb = b.vcpus ?? Number.MAX_SAFE_INTEGER;
  if (va !== vb) return va - vb;
  const ra = sizeRank(a.size);
  const rb = sizeRank(b.size);
  if (ra !== rb) return ra - rb;
  return compareStrings(a.name, b.name);
}

function sizeRank(size: string): number {
  const simple = SIZE_ORDER.indexOf(size);
  if (simple >= 0) return simple;
  const m = /^(\d+)xlarge$/.exec(size);
  if (m) return SIZE_ORDER.length + Number(m[1]);
  return 10_000; // metal and the like
}

/** The closest known names to an unknown one, for "did you mean". */
export function closestInstanceTypes(name: string, limit = 3, names = allInstanceTypeNames()): string[] {
  const lower = name.trim().toLowerCase();
  const scored = names.map((n) => ({ n, d: editDistance(lower, n) }));
  scored.sort((a, b) => a.d - b.d || compareStrings(a.n, b.n));
  return scored.slice(0, limit).map((s) => s.n);
}

function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}
