// Markdown about one instance type: the numbers behind pod IPs and branch ENIs, and where they come from.
import { DATA_PROVENANCE, defaultMaxPods, maxPodsCap, maxPodsPrefixUncapped, maxPodsSecondaryIp, podIpsWithTrunk, type InstanceType } from '../instances';
import { DEFAULT_CATALOG, type InstanceCatalog } from '../instances/catalog';
import { escapeMarkdown as md } from '../escape';

export const PREFIX_DELEGATION_EXPLAINED =
  'Prefix delegation puts a /28 prefix (16 addresses) into each secondary-IP slot of an ENI, so a node can give its pods ' +
  'many more IP addresses and max pods goes up. Branch ENIs are a separate, fixed per-type limit of the VPC resource ' +
  "controller (one per pod with its own security groups, advertised as `vpc.amazonaws.com/pod-eni`), so prefix delegation doesn't change it.";

export function dataCitation(catalog: InstanceCatalog = DEFAULT_CATALOG): string {
  const p = DATA_PROVENANCE;
  const overlay = catalog.overlayFile ? `; instance data overlay: ${md(catalog.overlayFile)}` : '';
  return `EC2 data: ${p.repo} \`${p.path.split('/').pop()}\` @ ${p.commit.slice(0, 12)}, generated ${p.generatedAt.slice(0, 10)} (${p.instanceTypeCount} types)${overlay}.`;
}

/** The instance-type hover: a table of its limits, the prefix-delegation note and the data's date. */
export function instanceTypeMarkdown(name: string, prefixDelegation: boolean, catalog: InstanceCatalog = DEFAULT_CATALOG): string {
  const t = catalog.lookup(name);
  if (!t) return unknownTypeMarkdown(name, catalog);
  if (t.maxPodsOnly !== undefined) return maxPodsOnlyMarkdown(t, catalog);
  const mode = (on: boolean) => (on ? ' ← this cluster' : '');
  const rows: [string, string][] = [
    ['vCPUs', t.vcpus === null ? 'unknown' : String(t.vcpus)],
    ['ENIs (default card / all cards)', `${t.enisDefaultCard} / ${t.enisAllCards}${t.networkCards > 1 ? ` (${t.networkCards} cards)` : ''}`],
    ['IPv4 per ENI', String(t.ipv4PerEni)],
    ['Max pods, secondary IP', `${maxPodsSecondaryIp(t)}${mode(!prefixDelegation)}`],
    ['Max pods, prefix delegation', `${prefixDelegationCell(t)}${mode(prefixDelegation)}`],
    ['IPs for ordinary pods with the trunk ENI', trunkCell(t)],
    ['Branch ENIs (`vpc.amazonaws.com/pod-eni`)', String(t.branchEnis)],
    ['Trunking (security groups for pods)', t.trunking ? 'yes' : 'no'],
    ['Hypervisor', t.hypervisor === null ? (t.bareMetal ? 'none (bare metal)' : 'unknown') : t.hypervisor === 'nitro' ? 'Nitro' : 'Xen'],
  ];
  return [
    `**${md(t.name)}** · ${md(t.architecture)}`,
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
    PREFIX_DELEGATION_EXPLAINED,
    '',
    `_${dataCitation(catalog)}_`,
  ].join('\n');
}

function prefixDelegationCell(t: InstanceType): string {
  if (t.hypervisor !== 'nitro') return `${defaultMaxPods(t, true).value} (no prefix delegation off Nitro)`;
  const capped = defaultMaxPods(t, true).value;
  const uncapped = maxPodsPrefixUncapped(t);
  return uncapped > capped ? `${capped} (${uncapped} capped at ${maxPodsCap(t)})` : String(capped);
}

function trunkCell(t: InstanceType): string {
  if (!t.trunking) return 'no trunk ENI on this type';
  const ips = podIpsWithTrunk(t, false);
  return t.hypervisor === 'nitro' ? `${ips} (${podIpsWithTrunk(t, true)} with prefix delegation)` : String(ips);
}

function maxPodsOnlyMarkdown(t: InstanceType, catalog: InstanceCatalog): string {
  return [
    `**${t.name}** · ${t.architecture}`,
    '',
    `Max pods: ${t.maxPodsOnly} (the published EKS figure, \`eni-max-pods.txt\`).`,
    '',
    "Its ENIs, IPs per ENI and branch ENIs are not in ENI Lens's EC2 data, so it is treated as without trunking " +
      '(security groups for pods unsupported) and its prefix-delegation figure is not known. ' +
      'Its full figures can be added with `eni-lens data import` and `instanceData` in `.eni-lens.yaml`.',
    '',
    `_${dataCitation(catalog)}_`,
  ].join('\n');
}

function unknownTypeMarkdown(name: string, catalog: InstanceCatalog): string {
  return [
    `**${md(name)}**: not in ENI Lens's EC2 data, so its capacity is not judged.`,
    '',
    `Did you mean ${catalog
      .closest(name)
      .map((n) => `\`${n}\``)
      .join(', ')}?`,
    '',
    'A type newer than the data can be added with `eni-lens data import` and `instanceData` in `.eni-lens.yaml`.',
    '',
    `_${dataCitation(catalog)}_`,
  ].join('\n');
}

/** One line for completion lists: "9 branch ENIs · max pods 110 (prefix delegation), 108 for your pods · 2 vCPU · arm64". */
export function instanceTypeSummary(t: InstanceType, prefixDelegation: boolean, systemPods = 0): string {
  const branch = t.maxPodsOnly !== undefined ? 'branch ENIs not in the data (treated as none)' : t.trunking ? `${t.branchEnis} branch ENIs` : 'no branch ENIs (no trunking)';
  const max = defaultMaxPods(t, prefixDelegation).value;
  const slots = systemPods > 0 ? `, ${Math.max(0, max - systemPods)} for your pods` : '';
  const pods = `max pods ${max}${prefixDelegation ? ' (prefix delegation)' : ''}${slots}`;
  const cpus = t.vcpus === null ? '? vCPU' : `${t.vcpus} vCPU`;
  return `${branch} · ${pods} · ${cpus} · ${t.architecture}${t.hypervisor === 'xen' ? ' · Xen' : ''}`;
}
