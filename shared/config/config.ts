// `.eni-lens.yaml`: the cluster facts the manifests do not carry (node pools, CNI settings) and rule
// severities. Every mistake becomes an error naming the key and its line; defaults stand in for it.
import { isAlias, parseDocument } from 'yaml';
import { RULE_IDS, type Finding, type Fix, type Range, type RuleId, type Severity } from '../types';
import type { InstanceCatalog } from '../instances/catalog';
import { lineCounterFor, NodeReader } from '../yaml/nodes';
import { configError } from './configError';
import { isTaintEffect, TAINT_EFFECTS, writtenRange, type Taint } from '../k8s/taints';

export const CONFIG_FILE_NAME = '.eni-lens.yaml';

export interface ValueAt<T> {
  value: T;
  range?: Range;
}

export interface PoolConfig {
  name: string;
  nameRange?: Range;
  instanceTypes: ValueAt<string>[];
  nodes: number;
  labels: Map<string, string>;
  /** Node taints, in the Kubernetes shape. */
  taints?: Taint[];
  maxPods?: number;
  maxPodsRange?: Range;
  /** The most nodes a cluster autoscaler may scale the pool to: the pool is judged there. */
  maxNodes?: number;
}

export type RuleSetting = Severity | 'off';

export interface EniLensConfig {
  /** The config file the settings came from; undefined when defaults are used. */
  file?: string;
  prefixDelegation: boolean;
  /** An IPv6 cluster (set by the model from an eksctl ClusterConfig, not a key of the file). */
  ipv6?: boolean;
  /** VPC CNI settings the manifests may also carry (aws-node env); undefined here means "not said". */
  securityGroupsForPods?: boolean;
  customNetworking?: boolean;
  securityGroupsPerEni: number;
  assumeNodes: number;
  /** Pods every node runs that the repository does not hold (aws-node, kube-proxy by default): max pods less these is what its pods get. */
  systemPodsPerNode: number;
  nodePools: PoolConfig[];
  rules: Map<RuleId, RuleSetting>;
  /** Top-level keys the file sets: a key set here wins over what the manifests say (aws-node env, eksctl). */
  setKeys?: Set<string>;
  /** Where each top-level key's value is written in `file`. */
  keyRanges?: Map<string, Range>;
  /** `instanceData`: an overlay file of instance types, relative to the config file (read at the edge, shared/node). */
  instanceData?: ValueAt<string>;
  /** `kustomize: false`: kustomizations are not rendered, every file is analysed as it lies. Undefined: rendered. */
  kustomize?: boolean;
  /** The table plus the overlay, handed in by whoever read `instanceData`; undefined: the bundled table alone. */
  catalog?: InstanceCatalog;
  /** `nodes`: a node list (kubectl get nodes -o yaml|json) relative to the config file, read by the CLI. */
  nodes?: ValueAt<string>;
  /** `cluster`: the eksctl ClusterConfig (metadata.name) these files run on, when the tree holds several. */
  cluster?: ValueAt<string>;
}

export interface ConfigResult {
  config: EniLensConfig;
  /** `config` findings (severity error) located in the config file. */
  errors: Finding[];
}

export function defaultConfig(): EniLensConfig {
  return { prefixDelegation: false, securityGroupsPerEni: 5, assumeNodes: 1, systemPodsPerNode: DEFAULT_SYSTEM_PODS_PER_NODE, nodePools: [], rules: new Map() };
}

/** aws-node and kube-proxy: the two host-network pods the published max pods' `+ 2` stands for. */
export const DEFAULT_SYSTEM_PODS_PER_NODE = 2;

/** The keys the reader knows (schemas/eni-lens.schema.json declares the same). */
export const TOP_LEVEL_KEYS = [
  'prefixDelegation',
  'securityGroupsForPods',
  'customNetworking',
  'securityGroupsPerEni',
  'assumeNodes',
  'systemPodsPerNode',
  'cluster',
  'nodes',
  'nodePools',
  'rules',
  'instanceData',
  'kustomize',
];
export const POOL_KEYS = ['name', 'instanceType', 'instanceTypes', 'nodes', 'maxNodes', 'labels', 'taints', 'maxPods'];
export const TAINT_KEYS = ['key', 'value', 'effect'];
export const SETTINGS: RuleSetting[] = ['error', 'warning', 'info', 'off'];

export function parseConfig(text: string, file: string): ConfigResult {
  const config = defaultConfig();
  config.file = file;
  const setKeys = new Set<string>();
  config.setKeys = setKeys;
  const keyRanges = new Map<string, Range>();
  config.keyRanges = keyRanges;
  const errors: Finding[] = [];
  const lines = lineCounterFor(text);
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  const r = new NodeReader(doc, lines);
  const fail: Fail = (range, message, fixes = [], detail) => errors.push({ ...configError(file, range, message, detail), fixes });

  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const clamp = (offset: number) => Math.min(Math.max(offset, 0), text.length); // errors at end of input point past it
    fail(r.offsetsToRange(clamp(e.pos[0]), clamp(Math.max(e.pos[0], e.pos[1]))), `not valid YAML: ${e.message.split('\n')[0]}`);
    return { config, errors };
  }
  if (doc.contents === null) return { config, errors };
  const root = r.map(doc.contents);
  if (!root) {
    fail(r.range(doc.contents), 'the config must be a map of settings (prefixDelegation, nodePools, …)');
    return { config, errors };
  }

  for (const { key, pair } of r.pairs(root)) {
    const range = r.range(pair.value) ?? r.keyRange(pair);
    if (range) keyRanges.set(key, range);
    switch (key) {
      case 'prefixDelegation':
      case 'securityGroupsForPods':
      case 'customNetworking': {
        const v = r.boolean(pair.value);
        if (v === undefined) fail(range, `${key} must be true or false`);
        else {
          config[key] = v;
          setKeys.add(key);
        }
        break;
      }
      case 'securityGroupsPerEni':
      case 'assumeNodes': {
        const v = r.integer(pair.value);
        if (v === undefined || v < 1 || v > 100_000) fail(range, `${key} must be a whole number from 1 to 100000`);
        else {
          config[key] = v;
          setKeys.add(key);
        }
        break;
      }
      case 'systemPodsPerNode': {
        const v = r.integer(pair.value);
        if (v === undefined || v < 0 || v > 1000) fail(range, `${key} must be a whole number from 0 to 1000`);
        else {
          config.systemPodsPerNode = v;
          setKeys.add(key);
        }
        break;
      }
      case 'kustomize': {
        const v = r.boolean(pair.value);
        if (v === undefined) fail(range, 'kustomize must be true or false', [], 'true renders kustomizations (the default); false analyses files as they lie.');
        else config.kustomize = v;
        break;
      }
      case 'nodePools':
        if (!r.seq(pair.value)) fail(range, 'nodePools must be a list of pools');
        else r.items(pair.value).forEach((item, i) => readPool(r, item, i + 1, config, fail));
        break;
      case 'rules':
        readRules(r, pair.value, config, fail);
        break;
      case 'nodes': {
        const v = r.strictString(pair.value)?.trim();
        if (!v) fail(range, 'nodes must be the path of a node list, relative to this config', [], 'Write one with kubectl get nodes -o yaml > nodes.yaml.');
        else config.nodes = { value: v, range };
        break;
      }
      case 'cluster': {
        const v = r.strictString(pair.value)?.trim();
        if (!v) fail(range, 'cluster must be the metadata.name of an eksctl ClusterConfig');
        else config.cluster = { value: v, range };
        break;
      }
      case 'instanceData': {
        const v = r.strictString(pair.value)?.trim();
        if (!v) fail(range, 'instanceData must be the path of an instance data file, relative to this config', [], 'eni-lens data import writes one.');
        else config.instanceData = { value: v, range };
        break;
      }
      default:
        fail(r.keyRange(pair), `unknown key '${key}'${suggest(key, TOP_LEVEL_KEYS)}`, renameFix(file, r.keyRange(pair), key, TOP_LEVEL_KEYS), knownKeys(key, TOP_LEVEL_KEYS));
    }
  }
  return { config, errors };
}

type Fail = (range: Range | undefined, message: string, fixes?: Fix[], detail?: string) => void;

function readPool(r: NodeReader, item: unknown, index: number, config: EniLensConfig, fail: Fail): void {
  const map = r.map(item);
  if (!map) {
    fail(r.range(item), `nodePools entry ${index} must be a map with name, instanceType and nodes`);
    return;
  }
  const nameNode = r.get(map, 'name');
  const name = r.string(nameNode);
  const where = name ? `node pool '${name}'` : `nodePools entry ${index}`;
  if (!name) fail(r.range(map), `${where}: name is missing`);
  const pool: PoolConfig = { name: name ?? `pool-${index}`, nameRange: r.range(nameNode), instanceTypes: [], nodes: 1, labels: new Map() };
  for (const { key, pair } of r.pairs(map)) {
    const range = r.range(pair.value) ?? r.keyRange(pair);
    switch (key) {
      case 'name':
        break;
      case 'instanceType': {
        const v = r.strictString(pair.value);
        if (!v) fail(range, `${where}: instanceType must be an instance type name such as r6g.large`);
        else pool.instanceTypes.push({ value: v, range });
        break;
      }
      case 'instanceTypes':
        if (!r.seq(pair.value)) fail(range, `${where}: instanceTypes must be a list`);
        for (const n of r.items(pair.value)) {
          const v = r.strictString(n);
          if (!v) fail(r.range(n), `${where}: instanceTypes entries must be instance type names`);
          else pool.instanceTypes.push({ value: v, range: r.range(n) });
        }
        break;
      case 'nodes': {
        const v = r.integer(pair.value);
        if (v === undefined || v < 0 || v > 100_000) fail(range, `${where}: nodes must be a whole number from 0 to 100000`);
        else pool.nodes = v;
        break;
      }
      case 'maxNodes': {
        const v = r.integer(pair.value);
        if (v === undefined || v < 0 || v > 100_000) fail(range, `${where}: maxNodes must be a whole number from 0 to 100000`);
        else pool.maxNodes = v;
        break;
      }
      case 'maxPods': {
        const v = r.integer(pair.value);
        if (v === undefined || v < 1 || v > 100_000) fail(range, `${where}: maxPods must be a whole number from 1 to 100000`);
        else {
          pool.maxPods = v;
          pool.maxPodsRange = range;
        }
        break;
      }
      case 'labels':
        if (!r.map(pair.value)) fail(range, `${where}: labels must be a map of label keys to values`);
        else pool.labels = r.stringMap(pair.value);
        break;
      case 'taints':
        pool.taints = readTaints(r, pair.value, where, fail);
        break;
      default:
        fail(
          r.keyRange(pair),
          `${where}: unknown key '${key}'${suggest(key, POOL_KEYS)}`,
          renameFix(config.file ?? '', r.keyRange(pair), key, POOL_KEYS),
          knownKeys(key, POOL_KEYS),
        );
    }
  }
  const first = config.nodePools.find((p) => p.name === pool.name);
  if (first) {
    // Two entries for one pool (a copy, or `- *anchor` again) would count its nodes twice.
    const at = isAlias(item) ? r.range(item) : (r.range(nameNode) ?? r.range(map));
    fail(at, `${where} is declared twice (first on line ${(first.nameRange?.start.line ?? 0) + 1}): each pool needs its own name`);
  } else if (pool.instanceTypes.length === 0) fail(r.range(nameNode) ?? r.range(map), `${where}: instanceType (or instanceTypes) is missing`);
  else config.nodePools.push(pool);
}

function readTaints(r: NodeReader, node: unknown, where: string, fail: Fail): Taint[] {
  const taints: Taint[] = [];
  if (!r.seq(node)) {
    fail(r.range(node), `${where}: taints must be a list of {key, value, effect}`);
    return taints;
  }
  for (const item of r.items(node)) {
    if (!r.map(item)) {
      fail(r.range(item), `${where}: each taint must be a map with key, value (optional) and effect`);
      continue;
    }
    let ok = true;
    for (const { key, pair } of r.pairs(item)) {
      if (!TAINT_KEYS.includes(key)) {
        fail(r.keyRange(pair), `${where}: taint: unknown key '${key}'${suggest(key, TAINT_KEYS)}`, [], knownKeys(key, TAINT_KEYS));
        ok = false;
      }
    }
    const keyNode = r.get(item, 'key');
    const key = r.string(keyNode);
    const valueNode = r.get(item, 'value');
    const value = valueNode === undefined ? undefined : r.string(valueNode);
    const effectNode = r.get(item, 'effect');
    const effect = r.string(effectNode);
    if (!key) {
      fail(r.range(keyNode) ?? r.range(item), `${where}: taint: key is missing`);
      ok = false;
    }
    if (valueNode !== undefined && value === undefined) {
      fail(r.range(valueNode), `${where}: taint: value must be a string`);
      ok = false;
    }
    if (!isTaintEffect(effect)) {
      fail(r.range(effectNode) ?? r.range(item), `${where}: taint: effect must be ${TAINT_EFFECTS.join(', ')}`);
      ok = false;
    }
    if (ok && key && isTaintEffect(effect)) taints.push({ key, value: value || undefined, effect, range: writtenRange(r, item) });
  }
  return taints;
}

function readRules(r: NodeReader, node: unknown, config: EniLensConfig, fail: Fail): void {
  if (!r.map(node)) {
    fail(r.range(node), 'rules must be a map of rule id to error | warning | info | off');
    return;
  }
  for (const { key, pair } of r.pairs(node)) {
    if (!(RULE_IDS as readonly string[]).includes(key)) {
      fail(
        r.keyRange(pair),
        `rules: unknown rule '${key}'${suggest(key, [...RULE_IDS])}`,
        renameFix(config.file ?? '', r.keyRange(pair), key, [...RULE_IDS]),
        knownKeys(key, [...RULE_IDS]),
      );
      continue;
    }
    const raw = r.deref(pair.value);
    // `off` is a boolean in YAML 1.1 readers; accept a literal false as off too.
    const v = r.boolean(raw) === false ? 'off' : r.string(raw);
    if (!v || !(SETTINGS as string[]).includes(v)) fail(r.range(pair.value) ?? r.keyRange(pair), `rules: ${key} must be error, warning, info or off`);
    else config.rules.set(key as RuleId, v as RuleSetting);
  }
}

function suggest(key: string, known: string[]): string {
  const hit = suggestion(key, known);
  return hit ? ` (did you mean '${hit}'?)` : '';
}

/** Without a "did you mean", the detail lists the keys there are. */
function knownKeys(key: string, known: string[]): string | undefined {
  return suggestion(key, known) ? undefined : `Known keys: ${known.join(', ')}.`;
}

function suggestion(key: string, known: string[]): string | undefined {
  const lower = key.toLowerCase();
  return known.find((k) => k.toLowerCase() === lower || k.toLowerCase().startsWith(lower.slice(0, 5)));
}

/** The quick fix of a "did you mean": the key renamed to the known one. */
function renameFix(file: string, range: Range | undefined, key: string, known: string[]): Fix[] {
  const hit = suggestion(key, known);
  return hit && range ? [{ title: `Rename '${key}' to '${hit}'`, edits: [{ file, range, newText: hit }], preferred: true }] : [];
}
