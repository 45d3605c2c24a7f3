// The instanceData overlay in the engine: parsed from untrusted text, handed in on the config as a catalog,
// seen by every lookup of that analysis (pools, Karpenter requirements, rules, hovers) and by no other.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, defaultConfig, type EniLensConfig } from '../../shared';
import { catalogWithOverlay, DEFAULT_CATALOG } from '../../shared/instances/catalog';
import { overlayEntryToType, parseOverlay } from '../../shared/instances/overlay';
import { hoverAt } from '../../shared/explain/hover';
import { deployment } from '../helpers/analyze';

const OVERLAY = JSON.stringify(
  {
    version: 1,
    instanceTypes: {
      'm9z.large': { vcpus: 2, enisPerCard: [3], ipv4PerEni: 12, branchEnis: 9, trunking: true, hypervisor: 'nitro', bareMetal: false },
      'm9z.xlarge': { vcpus: 4, enisPerCard: [4], ipv4PerEni: 16, branchEnis: 18, trunking: true, hypervisor: 'nitro', bareMetal: false },
    },
  },
  null,
  2,
);

function withOverlay(text: string): EniLensConfig {
  const { entries, errors } = parseOverlay(text, 'instance-types.json');
  assert.deepEqual(errors, []);
  return {
    ...defaultConfig(),
    catalog: catalogWithOverlay(
      [...entries].map(([n, e]) => overlayEntryToType(n, e)),
      'instance-types.json',
    ),
  };
}

const PINNED = { 'd.yaml': deployment({ name: 'api', replicas: 12, instanceType: 'm9z.large', podSpecExtra: '      containers: []' }) };
const POD_ENI = {
  'd.yaml': deployment({ name: 'api', replicas: 12, instanceType: 'm9z.large' }).replace(
    'image: nginx',
    'image: nginx\n          resources: {limits: {vpc.amazonaws.com/pod-eni: "1"}}',
  ),
};
const files = (f: Record<string, string>) => Object.entries(f).map(([file, text]) => ({ file, text }));

test('a config with the overlay judges the new type; the same files under another config still see it as unknown', () => {
  const withData = withOverlay(OVERLAY);
  const rules = (config: EniLensConfig) => analyze(files(POD_ENI), config).findings.map((f) => `${f.rule}@${f.range.start.line}:${f.range.start.character}`);
  assert.deepEqual(rules(withData), ['branch-eni-capacity@13:42']);
  assert.deepEqual(rules(defaultConfig()), ['unknown-instance-type@13:42']);
  assert.deepEqual(rules(withData), ['branch-eni-capacity@13:42']);
  assert.equal(DEFAULT_CATALOG.lookup('m9z.large'), undefined);
  const analysis = analyze(files(PINNED), withData);
  assert.equal(analysis.model.capacity.get(analysis.model.pools[0])!.maxPods, 35); // 3 × (12 − 1) + 2
  assert.match(
    hoverAt(analysis, 'd.yaml', { line: 13, character: 45 })!.markdown,
    /\| Branch ENIs \(`vpc.amazonaws.com\/pod-eni`\) \| 9 \|[\s\S]*instance data overlay: instance-types\.json/,
  );
});

test('Karpenter requirements see overlay types; the overlay wins over the table for a type both have', () => {
  const nodePool = [
    'apiVersion: karpenter.sh/v1',
    'kind: NodePool',
    'metadata: {name: next}',
    'spec:',
    '  template:',
    '    spec:',
    '      requirements:',
    '        - {key: karpenter.k8s.aws/instance-family, operator: In, values: [m9z, m5]}',
    '        - {key: karpenter.k8s.aws/instance-cpu, operator: Lt, values: ["3"]}',
    '      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}',
    '',
  ].join('\n');
  const overriding = JSON.parse(OVERLAY);
  overriding.instanceTypes['m5.large'] = { vcpus: 2, enisPerCard: [3], ipv4PerEni: 10, branchEnis: 5, trunking: true, hypervisor: 'nitro', bareMetal: false };
  const [pool] = analyze(files({ 'np.yaml': nodePool }), withOverlay(JSON.stringify(overriding))).model.pools;
  assert.deepEqual(pool.instanceTypes, ['m5.large', 'm9z.large']);
  const model = analyze(files({ 'np.yaml': nodePool }), withOverlay(JSON.stringify(overriding))).model;
  assert.equal(model.capacity.get(model.pools[0])!.branchEnis, 5);
  assert.deepEqual(analyze(files({ 'np.yaml': nodePool }), defaultConfig()).model.pools[0].instanceTypes, ['m5.large']);
});

test('overlay text is untrusted: wrong shapes and numbers are errors with line and entry, never a throw', () => {
  const cases: [string, string[]][] = [
    ['', ['f.json:1: instance data must be an object with "instanceTypes": {"TYPE": {…}}']],
    ['[1, 2]', ['f.json:1: instance data must be an object with "instanceTypes": {"TYPE": {…}}']],
    ['{"version": 2, "instanceTypes": {}}', ['f.json:1: version must be 1']],
    ['{"instanceTypes": {"__proto__": {}}}', ['f.json:1: "__proto__" is not an instance type name such as m7i.large']],
    ['{"instanceTypes": {"a1.large": 5}}', ['f.json:1: instance type a1.large must be an object of instance figures']],
    [
      '{"instanceTypes": {\n"x1.big": {"vcpus": 1e309, "enisPerCard": [], "ipv4PerEni": 1.5, "branchEnis": -1,\n "trunking": "yes", "hypervisor": "kvm"}}}',
      [
        'f.json:2: instance type x1.big: vcpus must be a whole number from 1 to 10000',
        'f.json:2: instance type x1.big: enisPerCard must be 1 to 64 whole numbers from 1 to 1000',
        'f.json:2: instance type x1.big: ipv4PerEni must be a whole number from 1 to 1000',
        'f.json:2: instance type x1.big: branchEnis must be a whole number from 0 to 10000',
        'f.json:3: instance type x1.big: trunking must be true or false',
        'f.json:3: instance type x1.big: hypervisor must be "nitro", "xen" or null (bare metal)',
        'f.json:2: instance type x1.big: bareMetal must be true or false',
      ],
    ],
    ['{"instanceTypes": {"a1.large": {}, "a1.large": {}}}', ['f.json:1: not valid JSON: Map keys must be unique']],
  ];
  for (const [text, expected] of cases) {
    const { entries, errors } = parseOverlay(text, 'f.json');
    assert.deepEqual(
      errors.map((e) => e.message),
      expected,
      text,
    );
    for (const e of errors) assert.ok(e.message.length <= 120, e.message);
    assert.equal(entries.size, 0, text);
  }
  const ok = parseOverlay(
    '{"instanceTypes": {"u-9tb1.metal": {"vcpus": null, "enisPerCard": [15, 15], "ipv4PerEni": 50, "branchEnis": 0, "trunking": false, "hypervisor": null, "bareMetal": true}}}',
    'f.json',
  );
  assert.deepEqual(ok.errors, []);
  const t = overlayEntryToType('u-9tb1.metal', ok.entries.get('u-9tb1.metal')!);
  assert.deepEqual([t.vcpus, t.enisDefaultCard, t.enisAllCards, t.networkCards, t.hypervisor, t.bareMetal], [null, 15, 30, 2, null, true]);
});
