// One pool declared twice (the same name twice, or one entry repeated through a YAML alias) must not count
// its nodes twice.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, parseConfig } from '../../shared';
import { deployment, policy } from '../helpers/analyze';

const WEB = `${deployment({ name: 'web', replicas: 12, labels: { app: 'web' } })}---\n${policy({ name: 'web', podLabels: { app: 'web' } })}`;

test('.eni-lens.yaml: a pool name used twice, or an entry repeated with an alias, is a config error on the second; the first pool alone counts', () => {
  const texts = {
    twice: 'nodePools:\n  - {name: sg, instanceType: r6g.large, nodes: 1}\n  - {name: sg, instanceType: r6g.large, nodes: 1}\n',
    alias: 'nodePools:\n  - &sg {name: sg, instanceType: r6g.large, nodes: 1}\n  - *sg\n',
  };
  for (const [what, text] of Object.entries(texts)) {
    const { config, errors } = parseConfig(text, '.eni-lens.yaml');
    assert.deepEqual(
      errors.map((e) => [e.message, e.range.start.line]),
      [[".eni-lens.yaml:3: node pool 'sg' is declared twice (first on line 2): each pool needs its own name", 2]],
      what,
    );
    assert.equal(config.nodePools.length, 1, what);
  }
});

test('eksctl: a node group repeated through an alias (or named twice) holds its nodes once', () => {
  const cluster = (groups: string) => `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata: {name: shop, region: eu-west-1}
managedNodeGroups:
${groups}
`;
  const once = cluster('  - &ng {name: sg, instanceType: r6g.large, desiredCapacity: 1}');
  for (const text of [
    once,
    cluster('  - &ng {name: sg, instanceType: r6g.large, desiredCapacity: 1}\n  - *ng'),
    cluster('  - {name: sg, instanceType: r6g.large, desiredCapacity: 1}\n  - {name: sg, instanceType: r6g.large, desiredCapacity: 1}'),
  ]) {
    const analysis = analyze(
      [
        { file: 'cluster.yaml', text },
        { file: 'web.yaml', text: WEB },
      ],
      parseConfig('', '.eni-lens.yaml').config,
    );
    assert.deepEqual(
      analysis.model.pools.map((p) => [p.name, p.nodes]),
      [['sg', 1]],
    );
    assert.deepEqual(
      analysis.findings.map((f) => f.rule),
      ['branch-eni-capacity'],
      '12 pods on one r6g.large (9 branch ENIs) overflow',
    );
  }
});
