// fast-check generators for Kubernetes-shaped manifests: the kinds the engine reads (workloads, policies,
// HPAs, service accounts, eksctl and Karpenter pools), with names and labels drawn from small pools so objects
// refer to each other, and every field sometimes of the wrong type.
import fc from 'fast-check';
import { stringify } from 'yaml';

const NAMES = ['web', 'api', 'db', 'sg-workers', 'default'];
const NAMESPACES = ['default', 'payments', 'kube-system'];
const INSTANCE_TYPES = ['r6g.medium', 'r6g.large', 'm5.large', 't3.small', 'c7g.16xlarge', 'm5.metal', 'no.such', 'R6G.MEDIUM'];
const LABEL_KEYS = ['app', 'role', 'tier', 'node.kubernetes.io/instance-type', 'kubernetes.io/arch', 'kubernetes.io/os', 'karpenter.sh/nodepool', 'eks.amazonaws.com/nodegroup'];
const LABEL_VALUES = ['web', 'api', 'sg', 'arm64', 'amd64', 'linux', 'windows', ...INSTANCE_TYPES];

/** Any JSON-ish value, including the ones no schema expects (deep, null, NaN-free). */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e12, 2 ** 60, '', '7', 'many', '{{ .Values.x }}', [], {}),
  fc.jsonValue({ maxDepth: 2 }),
);

/** Mostly `good`, sometimes junk, sometimes absent (undefined keys are dropped by the serializer). */
function field<T>(good: fc.Arbitrary<T>): fc.Arbitrary<T | unknown> {
  return fc.oneof({ weight: 6, arbitrary: good }, { weight: 1, arbitrary: junk }, { weight: 1, arbitrary: fc.constant(undefined) });
}

const name = fc.constantFrom(...NAMES);
const labelValue = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...LABEL_VALUES) }, fc.string({ maxLength: 6 }), fc.integer(), fc.boolean());
const labels = fc.dictionary(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...LABEL_KEYS) }, fc.string({ maxLength: 6 })), field(labelValue), { maxKeys: 3 });
const replicas = fc.oneof(fc.integer({ min: -3, max: 40 }), fc.constantFrom(0, 1e6, 1e12, 2 ** 53, -0.5, 2.5, '3', 'ten', '25%'), junk);

const expression = fc.record({
  key: field(fc.constantFrom(...LABEL_KEYS)),
  operator: field(fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt', 'Bogus')),
  values: field(fc.array(field(labelValue), { maxLength: 3 })),
});
const labelSelector = fc.record({ matchLabels: field(labels), matchExpressions: field(fc.array(expression, { maxLength: 2 })) }, { requiredKeys: [] });

const affinity = fc.record({
  nodeAffinity: field(
    fc.record({
      requiredDuringSchedulingIgnoredDuringExecution: field(
        fc.record({
          nodeSelectorTerms: field(fc.array(fc.record({ matchExpressions: field(fc.array(expression, { maxLength: 2 })) }), { maxLength: 2 })),
        }),
      ),
    }),
  ),
});

const podSpec = fc.record(
  {
    nodeSelector: field(labels),
    affinity: field(affinity),
    serviceAccountName: field(name),
    hostNetwork: field(fc.boolean()),
    containers: field(
      fc.array(
        fc.record({
          name: fc.constant('app'),
          resources: field(fc.record({ requests: field(fc.record({ 'vpc.amazonaws.com/pod-eni': field(fc.constantFrom(1, '1', 0)) }, { requiredKeys: [] })) })),
        }),
        { maxLength: 2 },
      ),
    ),
  },
  { requiredKeys: [] },
);

const metadata = fc.record(
  {
    name: field(name),
    namespace: field(fc.constantFrom(...NAMESPACES)),
    labels: field(labels),
    annotations: field(fc.record({ 'eni-lens.io/ignore': fc.constantFrom('all', 'max-pods', 'branch-eni-capacity, rollout-surge', '') }, { requiredKeys: [] })),
  },
  { requiredKeys: ['name'] },
);

const template = fc.record({ metadata: field(fc.record({ labels: field(labels) })), spec: field(podSpec) });

const workload = fc.record({
  apiVersion: field(fc.constantFrom('apps/v1', 'batch/v1', 'v1')),
  kind: fc.constantFrom('Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod'),
  metadata,
  spec: field(
    fc.record(
      {
        replicas: field(replicas),
        parallelism: field(replicas),
        selector: field(labelSelector),
        strategy: field(fc.record({ type: fc.constantFrom('RollingUpdate', 'Recreate'), rollingUpdate: field(fc.record({ maxSurge: field(replicas) })) })),
        template: field(template),
        jobTemplate: field(fc.record({ spec: fc.record({ parallelism: field(replicas), template: field(template) }) })),
      },
      { requiredKeys: [] },
    ),
  ),
});

const securityGroupPolicy = fc.record({
  apiVersion: field(fc.constant('vpcresources.k8s.aws/v1beta1')),
  kind: fc.constant('SecurityGroupPolicy'),
  metadata,
  spec: field(
    fc.record(
      {
        podSelector: field(labelSelector),
        serviceAccountSelector: field(labelSelector),
        securityGroups: field(fc.record({ groupIds: field(fc.array(field(fc.constantFrom('sg-1', 'sg-2', 'sg-3', 'sg-4', 'sg-5', 'sg-6')), { maxLength: 7 })) })),
      },
      { requiredKeys: [] },
    ),
  ),
});

const autoscaler = fc.record({
  apiVersion: field(fc.constantFrom('autoscaling/v2', 'autoscaling/v1')),
  kind: fc.constant('HorizontalPodAutoscaler'),
  metadata,
  spec: field(
    fc.record({
      scaleTargetRef: field(fc.record({ apiVersion: fc.constant('apps/v1'), kind: field(fc.constantFrom('Deployment', 'StatefulSet')), name: field(name) })),
      minReplicas: field(replicas),
      maxReplicas: field(replicas),
    }),
  ),
});

const serviceAccount = fc.record({ apiVersion: fc.constant('v1'), kind: fc.constant('ServiceAccount'), metadata });

const nodeGroup = fc.record(
  {
    name: field(name),
    instanceType: field(fc.constantFrom(...INSTANCE_TYPES)),
    desiredCapacity: field(replicas),
    minSize: field(replicas),
    maxSize: field(replicas),
    labels: field(labels),
    maxPodsPerNode: field(replicas),
  },
  { requiredKeys: [] },
);
const eksctlCluster = fc.record({
  apiVersion: fc.constant('eksctl.io/v1alpha5'),
  kind: fc.constant('ClusterConfig'),
  metadata: fc.record({ name: name, region: fc.constant('eu-west-1') }),
  managedNodeGroups: field(fc.array(nodeGroup, { maxLength: 2 })),
  nodeGroups: field(fc.array(nodeGroup, { maxLength: 2 })),
});

const karpenterNodePool = fc.record({
  apiVersion: fc.constant('karpenter.sh/v1'),
  kind: fc.constant('NodePool'),
  metadata,
  spec: field(
    fc.record({
      template: field(
        fc.record({
          metadata: field(fc.record({ labels: field(labels) })),
          spec: field(
            fc.record({
              requirements: field(
                fc.array(
                  fc.record({
                    key: field(fc.constantFrom('node.kubernetes.io/instance-type', 'karpenter.k8s.aws/instance-family', 'karpenter.k8s.aws/instance-cpu', 'kubernetes.io/arch')),
                    operator: field(fc.constantFrom('In', 'NotIn', 'Exists', 'Gt', 'Lt')),
                    values: field(fc.array(fc.constantFrom('r6g', 'm5', '4', '16', 'arm64', ...INSTANCE_TYPES), { maxLength: 3 })),
                  }),
                  { maxLength: 3 },
                ),
              ),
            }),
          ),
        }),
      ),
    }),
  ),
});

export const manifest: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: workload },
  { weight: 3, arbitrary: securityGroupPolicy },
  { weight: 1, arbitrary: autoscaler },
  { weight: 1, arbitrary: serviceAccount },
  { weight: 1, arbitrary: eksctlCluster },
  { weight: 1, arbitrary: karpenterNodePool },
  { weight: 1, arbitrary: junk },
);

/** A well-formed Deployment and the policy that selects it: random fields rarely line up into a capacity finding. */
const selectedDeployment = fc
  .record({ name, instanceType: fc.constantFrom(...INSTANCE_TYPES), replicas: fc.integer({ min: 0, max: 40 }), namespace: fc.constantFrom(...NAMESPACES) })
  .map(({ name: n, instanceType, replicas: count, namespace }) => [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: n, namespace },
      spec: {
        replicas: count,
        template: { metadata: { labels: { app: n } }, spec: { nodeSelector: { 'node.kubernetes.io/instance-type': instanceType }, containers: [{ name: 'app' }] } },
      },
    },
    {
      apiVersion: 'vpcresources.k8s.aws/v1beta1',
      kind: 'SecurityGroupPolicy',
      metadata: { name: `${n}-sg`, namespace },
      spec: { podSelector: { matchLabels: { app: n } }, securityGroups: { groupIds: ['sg-1'] } },
    },
  ]);

/** One file: a few documents, YAML or (sometimes) JSON text. */
export const manifestFile: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(fc.oneof({ weight: 4, arbitrary: manifest.map((m) => [m]) }, selectedDeployment), { minLength: 1, maxLength: 3 }),
    fc.constantFrom('yaml', 'yaml', 'yaml', 'json'),
  )
  .map(([groups, style]) => {
    const docs = groups.flat();
    return style === 'json' ? `${JSON.stringify(docs[0], null, 2)}\n` : docs.map((d) => stringify(d)).join('---\n');
  });

/** A valid `.eni-lens.yaml` (the CLI refuses to analyse with a broken one, so parity needs valid configs). */
export const validConfig: fc.Arbitrary<string> = fc
  .record(
    {
      prefixDelegation: fc.boolean(),
      securityGroupsForPods: fc.boolean(),
      nodePools: fc.uniqueArray(
        fc.record({
          name: fc.constantFrom('sg-workers', 'general', 'arm'),
          instanceType: fc.constantFrom(...INSTANCE_TYPES.slice(0, 6)),
          nodes: fc.integer({ min: 0, max: 4 }),
          labels: fc.dictionary(fc.constantFrom('role', 'tier'), fc.constantFrom('sg', 'web')),
        }),
        { maxLength: 3, selector: (p) => p.name },
      ),
    },
    { requiredKeys: [] },
  )
  .map((c) => stringify(c));

/** Any config text: valid, or YAML of the wrong shape. */
export const anyConfig: fc.Arbitrary<string> = fc.oneof(
  validConfig,
  fc.jsonValue({ maxDepth: 3 }).map((v) => stringify(v)),
  fc.string(),
);

/** Arbitrary text biased towards YAML's tokens, so it reaches far into the parser. */
export const yamlishText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc
    .array(
      fc.oneof(
        {
          weight: 4,
          arbitrary: fc.constantFrom(
            'apiVersion: apps/v1\n',
            'kind: Deployment\n',
            'kind: SecurityGroupPolicy\n',
            'metadata:\n',
            '  name: web\n',
            'spec:\n',
            '  replicas: ',
            'replicas: 6\n',
            '  ',
            '\t',
            '- ',
            '&a ',
            '*a ',
            '!!str ',
            '!!binary ',
            '? ',
            '{',
            '}',
            '[',
            ']',
            ': ',
            ', ',
            '\n',
            '\r\n',
            '\r',
            '---\n',
            '...\n',
            '%YAML 1.2\n',
            '{{ .x }}',
            '{%',
            '# eni-lens-disable-next-line\n',
            '\uFEFF',
            '"',
            "'",
            '|\n',
            '>-\n',
            '\u2028',
            '😀',
            '\ud800',
            'é',
            'node.kubernetes.io/instance-type: r6g.medium\n',
          ),
        },
        { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
      ),
      { maxLength: 60 },
    )
    .map((parts) => parts.join('')),
);
