// EC2NodeClass kubelet.podsPerCore: max pods = min(maxPods or the ENI figure, podsPerCore × vCPUs), per type.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, defaultConfig } from '../../shared';
import { hoverAt } from '../../shared/explain/hover';

const NODE_POOL = [
  'apiVersion: karpenter.sh/v1',
  'kind: NodePool',
  'metadata:',
  '  name: web',
  'spec:',
  '  template:',
  '    spec:',
  '      requirements:',
  '        - {key: node.kubernetes.io/instance-type, operator: In, values: [m5.large, m5.xlarge]}',
  '      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}',
  '',
].join('\n');
const nodeClass = (kubelet: string) =>
  `apiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata: {name: default}\nspec:\n  role: KarpenterNodeRole\n  kubelet: {${kubelet}}\n`;

function capacity(kubelet: string) {
  const analysis = analyze(
    [
      { file: 'np.yaml', text: NODE_POOL },
      { file: 'nc.yaml', text: nodeClass(kubelet) },
    ],
    defaultConfig(),
  );
  const pool = analysis.model.pools[0];
  const c = analysis.model.capacity.get(pool)!;
  return { maxPods: c.maxPods, basis: c.maxPodsBasis, analysis };
}

test('podsPerCore caps max pods by the smallest type’s vCPUs; the lower of it and maxPods wins', () => {
  // m5.large: 3 × (10 − 1) + 2 = 29 by ENIs, 10 × 2 = 20 by cores; m5.xlarge: 58 and 40.
  const { maxPods, basis, analysis } = capacity('podsPerCore: 10');
  assert.deepEqual([maxPods, basis], [20, "podsPerCore: 10 × 2 vCPUs of m5.large, below 29 (Karpenter's figure, 3 ENIs × (10 − 1) IPs + 2)"]);
  assert.match(hoverAt(analysis, 'np.yaml', { line: 3, character: 9 })!.markdown, /\| Max pods per node \| 20 \(podsPerCore: 10 × 2 vCPUs of m5\.large/);
  assert.deepEqual(Object.values(capacity('podsPerCore: 10, maxPods: 15')).slice(0, 2), [15, 'maxPods: 15 set for the pool']);
  assert.deepEqual(Object.values(capacity('podsPerCore: 10, maxPods: 25')).slice(0, 2), [20, 'podsPerCore: 10 × 2 vCPUs of m5.large, below 25 (maxPods: 25 set for the pool)']);
  assert.equal(capacity('podsPerCore: 20').maxPods, 29); // 40 by cores: the ENI figure is lower
  assert.equal(capacity('podsPerCore: 0').maxPods, 29); // 0 means unset, as in the kubelet
  assert.equal(capacity('podsPerCore: lots').maxPods, 29);
});
