// `eni-lens data import FILE`: merges `aws ec2 describe-instance-types --output json` into an instance-data
// overlay that `.eni-lens.yaml` names with `instanceData`. describe-instance-types does not say how many
// branch ENIs a type holds (that is the VPC resource controller's table), so they come from the bundled
// table when it knows the type, else from `--branch-enis TYPE=N`, else the type is imported without trunking.
import { instances, isInstanceTypeName, parseOverlay, serializeOverlay, type OverlayEntry } from '../shared';
import { megabytes, readRegularFileSync, unwritableReason, writeRegularFileSync } from '../shared/node';
import type { Io } from './analyzePaths';
import { parseCommandArgs } from './args';

export const DATA_USAGE = `Usage: eni-lens data import FILE [--output instance-types.json] [--branch-enis TYPE=N …]

Merges the output of 'aws ec2 describe-instance-types --output json' (FILE, or '-' for standard input)
into an instance data file (default instance-types.json; entries already in it are kept unless FILE has
them too). Name that file in .eni-lens.yaml: instanceData: ./instance-types.json

Branch ENIs (security groups for pods) are not in that output: they come from ENI Lens's table when it
knows the type, else from --branch-enis TYPE=N (N > 0: the type supports trunking; 0: it does not), else the
type is imported without trunking and a warning says so.

Exit codes: 0 imported, 1 imported but some entries were skipped, 2 usage or unreadable input.`;

const MAX_INPUT_BYTES = 64 * 1024 * 1024;

export async function dataCommand(argv: string[], io: Io, readStdin: () => Promise<string>): Promise<number> {
  const parsed = parseCommandArgs(
    argv,
    {
      output: { type: 'string', short: 'o', default: 'instance-types.json' },
      'branch-enis': { type: 'string', multiple: true, default: [] },
    },
    DATA_USAGE,
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const [sub, input, ...extra] = positionals;
  if (sub !== 'import' || !input || extra.length > 0) {
    io.stderr.write(
      `eni-lens: ${sub !== 'import' ? `unknown data command '${sub ?? ''}'` : !input ? 'data import needs a FILE' : `unexpected argument '${extra[0]}'`}\n\n${DATA_USAGE}\n`,
    );
    return 2;
  }
  const branchEnis = parseBranchEnis(values['branch-enis']);
  if (typeof branchEnis === 'string') {
    io.stderr.write(`eni-lens: ${branchEnis}\n`);
    return 2;
  }

  let text: string;
  if (input === '-') text = await readStdin();
  else {
    const read = readRegularFileSync(input, MAX_INPUT_BYTES);
    if (!('text' in read)) {
      io.stderr.write(
        `eni-lens: cannot read ${input}: ${'tooLarge' in read ? `${input} is ${megabytes(read.tooLarge)}, above the ${MAX_INPUT_BYTES / 1024 / 1024} MB limit` : read.problem}\n`,
      );
      return 2;
    }
    text = read.text;
  }
  const described = readDescribeOutput(text, input);
  if (typeof described === 'string') {
    io.stderr.write(`eni-lens: ${described}\n`);
    return 2;
  }

  const output = values.output!;
  const unwritable = unwritableReason(output);
  if (unwritable) {
    io.stderr.write(`eni-lens: cannot write ${output}: ${unwritable}\n`);
    return 2;
  }
  const existing = readExisting(output);
  if (typeof existing === 'string') {
    io.stderr.write(`eni-lens: ${existing}\n`);
    return 2;
  }

  const merged = new Map(existing);
  const added: string[] = [];
  const updated: string[] = [];
  for (const { name, network } of described.types) {
    const entry = withBranchEnis(name, network, branchEnis.get(name), existing.get(name));
    if (entry.warning) io.stderr.write(`eni-lens: warning: ${entry.warning}\n`);
    (merged.has(name) ? updated : added).push(name);
    merged.set(name, entry.value);
  }
  const importedNames = new Set(described.types.map((t) => t.name));
  for (const name of branchEnis.keys()) {
    if (!importedNames.has(name)) io.stderr.write(`eni-lens: warning: --branch-enis ${name}: ${input} has no such instance type\n`);
  }
  for (const error of described.errors) io.stderr.write(`eni-lens: skipped ${error}\n`);

  try {
    writeRegularFileSync(output, serializeOverlay(merged));
  } catch (err) {
    io.stderr.write(`eni-lens: cannot write ${output}: ${(err as Error).message}\n`);
    return 2;
  }
  const unknown = described.types.filter((t) => !instances.lookupInstanceType(t.name)).map((t) => t.name);
  io.stdout.write(
    `${output}: ${described.types.length} instance type${described.types.length === 1 ? '' : 's'} imported (${added.length} added, ${updated.length} updated; ` +
      `${unknown.length} not in ENI Lens's table${unknown.length > 0 ? `: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', …' : ''}` : ''}), ${merged.size} in the file.\n`,
  );
  return described.errors.length > 0 ? 1 : 0;
}

function parseBranchEnis(args: string[] | undefined): Map<string, number> | string {
  const out = new Map<string, number>();
  for (const arg of args ?? []) {
    const m = /^([^=]+)=(\d{1,5})$/.exec(arg.trim());
    if (!m || !isInstanceTypeName(m[1])) return `--branch-enis takes TYPE=N, such as m9z.large=9 (got '${arg}')`;
    out.set(m[1], Number(m[2]));
  }
  return out;
}

/** What describe-instance-types says about a type's network: everything but branch ENIs. */
type NetworkFacts = Omit<OverlayEntry, 'branchEnis' | 'trunking'>;

interface Described {
  types: { name: string; network: NetworkFacts }[];
  /** Entries left out, each "InstanceTypes[3] (m9z.large): why". */
  errors: string[];
}

export function readDescribeOutput(text: string, file: string): Described | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return `${file} is not valid JSON (${(err as Error).message}); pass the output of 'aws ec2 describe-instance-types --output json'`;
  }
  const list = isObject(json) ? json.InstanceTypes : undefined;
  if (!Array.isArray(list)) return `${file} has no "InstanceTypes" list; pass the output of 'aws ec2 describe-instance-types --output json'`;
  const out: Described = { types: [], errors: [] };
  const seen = new Set<string>();
  list.forEach((item, i) => {
    const name = isObject(item) && typeof item.InstanceType === 'string' ? item.InstanceType : undefined;
    const where = `${file}: InstanceTypes[${i}]${name ? ` (${name.slice(0, 64)})` : ''}`;
    const facts = networkFacts(item);
    if (typeof facts === 'string') out.errors.push(`${where}: ${facts}`);
    else if (seen.has(facts.name)) out.errors.push(`${where}: listed twice`);
    else {
      seen.add(facts.name);
      out.types.push(facts);
    }
  });
  if (list.length > 0 && out.types.length === 0) return `${file}: no usable instance type:\n  ${out.errors.slice(0, 5).join('\n  ')}`;
  return out;
}

function networkFacts(item: unknown): { name: string; network: NetworkFacts } | string {
  if (!isObject(item)) return 'not an object';
  const name = item.InstanceType;
  if (typeof name !== 'string' || !isInstanceTypeName(name)) return 'InstanceType must be a name such as m7i.large';
  const vcpus = isObject(item.VCpuInfo) ? item.VCpuInfo.DefaultVCpus : undefined;
  if (!isWhole(vcpus, 1, 10_000)) return 'VCpuInfo.DefaultVCpus must be a whole number from 1 to 10000';
  const net = item.NetworkInfo;
  if (!isObject(net)) return 'NetworkInfo is missing';
  if (!isWhole(net.MaximumNetworkInterfaces, 1, 10_000)) return 'NetworkInfo.MaximumNetworkInterfaces must be a whole number from 1 to 10000';
  if (!isWhole(net.Ipv4AddressesPerInterface, 1, 1000)) return 'NetworkInfo.Ipv4AddressesPerInterface must be a whole number from 1 to 1000';
  const enisPerCard = cardsOf(net);
  if (typeof enisPerCard === 'string') return enisPerCard;
  const hv = item.Hypervisor;
  if (hv !== undefined && hv !== 'nitro' && hv !== 'xen') return `Hypervisor must be "nitro" or "xen" (got ${JSON.stringify(hv).slice(0, 40)})`;
  if (item.BareMetal !== undefined && typeof item.BareMetal !== 'boolean') return 'BareMetal must be true or false';
  return {
    name,
    network: { vcpus, enisPerCard, ipv4PerEni: net.Ipv4AddressesPerInterface as number, hypervisor: hv ?? null, bareMetal: item.BareMetal === true },
  };
}

/** ENIs per network card, the default card first (the VPC CNI gives pods IPs only from it). */
function cardsOf(net: Record<string, unknown>): number[] | string {
  const cards = net.NetworkCards;
  if (cards === undefined) return [net.MaximumNetworkInterfaces as number];
  if (!Array.isArray(cards) || cards.length === 0 || cards.length > 64) return 'NetworkInfo.NetworkCards must be a list of 1 to 64 cards';
  const byIndex = new Map<number, number>();
  for (const c of cards) {
    if (!isObject(c) || !isWhole(c.NetworkCardIndex, 0, 63) || !isWhole(c.MaximumNetworkInterfaces, 1, 1000)) {
      return 'NetworkInfo.NetworkCards entries need NetworkCardIndex (0–63) and MaximumNetworkInterfaces (1–1000)';
    }
    if (byIndex.has(c.NetworkCardIndex)) return `NetworkInfo.NetworkCards lists card ${c.NetworkCardIndex} twice`;
    byIndex.set(c.NetworkCardIndex, c.MaximumNetworkInterfaces);
  }
  const defaultIndex = net.DefaultNetworkCardIndex ?? 0;
  if (!isWhole(defaultIndex, 0, 63) || !byIndex.has(defaultIndex)) return 'NetworkInfo.DefaultNetworkCardIndex names no card of NetworkCards';
  const others = [...byIndex]
    .filter(([i]) => i !== defaultIndex)
    .sort(([a], [b]) => a - b)
    .map(([, n]) => n);
  return [byIndex.get(defaultIndex)!, ...others];
}

function withBranchEnis(name: string, network: NetworkFacts, given: number | undefined, previous: OverlayEntry | undefined): { value: OverlayEntry; warning?: string } {
  if (given !== undefined) return { value: { ...network, branchEnis: given, trunking: given > 0 } };
  const known = instances.lookupInstanceType(name);
  if (known) return { value: { ...network, branchEnis: known.branchEnis, trunking: known.trunking } };
  if (previous) return { value: { ...network, branchEnis: previous.branchEnis, trunking: previous.trunking } };
  return {
    value: { ...network, branchEnis: 0, trunking: false },
    warning: `${name} is not in ENI Lens's table and no --branch-enis ${name}=N was given: imported without trunking (0 branch ENIs), so security groups for pods are judged unsupported on it`,
  };
}

function readExisting(output: string): Map<string, OverlayEntry> | string {
  const read = readRegularFileSync(output, MAX_INPUT_BYTES);
  if ('problem' in read && read.code === 'ENOENT') return new Map();
  if (!('text' in read)) return `cannot read ${output}: ${'tooLarge' in read ? `${megabytes(read.tooLarge)}, above the ${MAX_INPUT_BYTES / 1024 / 1024} MB limit` : read.problem}`;
  const { entries, errors } = parseOverlay(read.text, output);
  if (errors.length > 0)
    return `${output} is not an instance data file ENI Lens can merge into; fix or remove it:\n  ${errors
      .slice(0, 5)
      .map((e) => e.message)
      .join('\n  ')}`;
  return entries;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isWhole(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;
}
