// rollout-surge asks only the workloads whose surge exceeds the room left on their pools (the judgement
// gathers them while it sums demands): the same findings as asking every workload, checked on random
// workspaces of Deployments and Rollouts over pools with little room, with and without security groups.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { analyzeParsed, parseConfig, parseSource } from '../../shared';
import { rolloutSurge } from '../../shared/rules/rolloutSurge';
import { CONFIG_PATH } from '../helpers/analyze';
import type { ResourceVerdict } from '../../shared/model/capacity';

const CONFIG = `nodePools:
  - {name: sg, instanceType: r6g.medium, nodes: 1, labels: {pool: sg}}
  - {name: general, instanceType: m5.large, nodes: 1, labels: {pool: general}}
`;

const workload = fc.record({
  kind: fc.constantFrom('Deployment', 'Rollout'),
  replicas: fc.nat({ max: 12 }),
  maxSurge: fc.constantFrom('0', '1', '4', '25%', '100%'),
  pool: fc.constantFrom('sg', 'general', undefined),
  sg: fc.boolean(),
});

function render(w: { kind: string; replicas: number; maxSurge: string; pool?: string; sg: boolean }, i: number): string {
  const strategy =
    w.kind === 'Deployment'
      ? `  strategy:\n    rollingUpdate:\n      maxSurge: ${JSON.stringify(w.maxSurge)}\n`
      : `  strategy:\n    canary:\n      maxSurge: ${JSON.stringify(w.maxSurge)}\n`;
  const selector = w.pool ? `      nodeSelector:\n        pool: ${w.pool}\n` : '';
  const apiVersion = w.kind === 'Deployment' ? 'apps/v1' : 'argoproj.io/v1alpha1';
  return `apiVersion: ${apiVersion}\nkind: ${w.kind}\nmetadata:\n  name: w${i}\n  namespace: shop\nspec:\n  replicas: ${w.replicas}\n${strategy}  template:\n    metadata:\n      labels:\n        app: ${w.sg ? 'sg' : `w${i}`}\n    spec:\n${selector}      containers: [{name: app}]\n`;
}

const POLICY = `apiVersion: vpcresources.k8s.aws/v1beta1\nkind: SecurityGroupPolicy\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels:\n      app: sg\n  securityGroups:\n    groupIds: [sg-0123456789abcdef0]\n`;

/** The same verdict, without the surge candidates: the rule then asks every workload. */
function askingEveryWorkload(v: ResourceVerdict): ResourceVerdict {
  return Object.assign(Object.create(v) as ResourceVerdict, { surgeCandidates: undefined });
}

test('rollout-surge over the surge candidates gives what asking every workload gives', () => {
  const { config, errors } = parseConfig(CONFIG, CONFIG_PATH);
  assert.deepEqual(errors, []);
  let withFindings = 0;
  let skipped = 0;
  fc.assert(
    fc.property(fc.array(workload, { minLength: 1, maxLength: 12 }), (ws) => {
      const text = [POLICY, ...ws.map(render)].join('---\n');
      const analysis = analyzeParsed([parseSource({ file: 'cluster/apps.yaml', text })], config);
      const ctx = { model: analysis.model, branchEniVerdict: analysis.branchEniVerdict, podSlotVerdict: analysis.podSlotVerdict };
      const asked = rolloutSurge.check(ctx);
      const everyWorkload = rolloutSurge.check({
        ...ctx,
        branchEniVerdict: askingEveryWorkload(ctx.branchEniVerdict),
        podSlotVerdict: askingEveryWorkload(ctx.podSlotVerdict),
      });
      assert.deepEqual(asked, everyWorkload);
      if (asked.length > 0) withFindings++;
      const candidates = new Set([...analysis.branchEniVerdict.surgeCandidates!(), ...analysis.podSlotVerdict.surgeCandidates!()]);
      skipped += analysis.model.workloads.length - candidates.size;
    }),
    { seed: 20261201, numRuns: 200 },
  );
  assert.ok(withFindings >= 20, `only ${withFindings} cases with rollout-surge findings`);
  assert.ok(skipped >= 200, `only ${skipped} workloads left unasked`);
});
