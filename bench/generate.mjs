// Deterministic synthetic workspaces for the benchmark: S ≈ 100, M ≈ 1,000, L ≈ 5,000 files of about 10
// documents each, plus one 5,000-line multi-document file and a probe pair (a SecurityGroupPolicy and the
// Deployment it selects, in another file) whose one-character edit flips a finding across files.
// K is kustomize-heavy: KUSTOMIZE_APPS bases, each rendered by dev, staging and prod overlays (namespace,
// labels, replicas, a prod patch) and a shared component adding a SecurityGroupPolicy.
// XL-mix (bench/mix.mjs) mixes documents as real repositories do; L stays the all-workloads worst case.
// `node bench/generate.mjs [S|M|L|K|XL-mix…]` writes bench/workspaces/<size>/ (git-ignored).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SIZES = { S: 100, M: 1000, L: 5000 };
/** The kustomize-heavy workspace: its bases (each with three overlays, about 9 files per app). */
export const KUSTOMIZE = 'K';
export const KUSTOMIZE_APPS = 150;
/** A base file every overlay of the first app renders: an edit there re-renders three entry points. */
export const KUSTOMIZE_BASE = 'apps/app-000/base/deployment.yaml';
export const WORKSPACES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'workspaces');
export const BIG_FILE = 'platform/big.yaml';
export const PROBE_POLICY = 'probe/policy.yaml';
export const PROBE_WORKLOAD = 'probe/workload.yaml';
const FILES_PER_NAMESPACE = 20;
const BIG_FILE_LINES = 5000;

/** mulberry32: small, fast and the same on every machine. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Node counts for L; smaller workspaces scale them down. Sized so that most groups fit and a few do not.
const POOLS = [
  { name: 'general', types: ['m5.2xlarge'], nodes: 300, role: 'general' },
  { name: 'memory', types: ['r6g.2xlarge', 'r6g.4xlarge'], nodes: 250, role: 'memory' },
  { name: 'compute', types: ['c6i.4xlarge'], nodes: 200, role: 'compute' },
  { name: 'batch', types: ['m6i.xlarge'], nodes: 200, role: 'batch' },
  { name: 'sg-workers', types: ['m5.large'], nodes: 300, role: 'sg' },
  { name: 'pinned', types: ['r6g.medium', 'c5.large', 'm6g.large'], nodes: 150, role: 'pinned' },
];
const PINNED_TYPES = ['r6g.medium', 'c5.large', 'm6g.large'];
/** Pinned by the probe and declared by no pool: an implicit pool of one node with 4 branch ENIs. */
const PROBE_TYPE = 'c6g.medium';
const BIG_FILE_TYPE = 'c7g.medium';

export function configText(scale) {
  const lines = ['# Synthetic cluster for the benchmark.', 'prefixDelegation: true', 'securityGroupsForPods: true', 'nodePools:'];
  for (const p of POOLS) {
    lines.push(`  - name: ${p.name}`);
    if (p.types.length === 1) lines.push(`    instanceType: ${p.types[0]}`);
    else lines.push(`    instanceTypes: [${p.types.join(', ')}]`);
    lines.push(`    nodes: ${Math.max(2, Math.round(p.nodes * scale))}`, `    labels: {role: ${p.role}}`);
  }
  lines.push('rules:', '  rollout-surge: warning', '');
  return lines.join('\n');
}

export function podTemplate(r, app, namespace, sa, placement) {
  const lines = [
    '  template:',
    '    metadata:',
    '      labels:',
    `        app: ${app}`,
    `        tier: ${['web', 'api', 'worker', 'cache'][Math.floor(r() * 4)]}`,
    '      annotations:',
    '        prometheus.io/scrape: "true"',
    '    spec:',
    `      serviceAccountName: ${sa}`,
  ];
  if (placement.kind === 'role') lines.push('      nodeSelector:', `        role: ${placement.role}`);
  if (placement.kind === 'pinned') lines.push('      nodeSelector:', `        node.kubernetes.io/instance-type: ${placement.type}`);
  if (placement.kind === 'affinity') {
    lines.push(
      '      affinity:',
      '        nodeAffinity:',
      '          requiredDuringSchedulingIgnoredDuringExecution:',
      '            nodeSelectorTerms:',
      '              - matchExpressions:',
      '                  - key: role',
      '                    operator: In',
      `                    values: [${placement.roles.join(', ')}]`,
    );
  }
  lines.push(
    '      containers:',
    `        - name: ${app}`,
    `          image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/${namespace}/${app}:1.${Math.floor(r() * 40)}.${Math.floor(r() * 10)}`,
    '          ports:',
    '            - containerPort: 8080',
    '          env:',
    '            - name: LOG_LEVEL',
    '              value: info',
    '          resources:',
    '            requests:',
    `              cpu: ${50 + Math.floor(r() * 20) * 50}m`,
    `              memory: ${64 * (1 + Math.floor(r() * 16))}Mi`,
    '            limits:',
    `              memory: ${128 * (1 + Math.floor(r() * 16))}Mi`,
    '          readinessProbe:',
    '            httpGet: {path: /healthz, port: 8080}',
  );
  return lines;
}

export function pickPlacement(r) {
  const x = r();
  if (x < 0.6) return { kind: 'role', role: POOLS[Math.floor(r() * 5)].role };
  if (x < 0.75) return { kind: 'affinity', roles: ['general', 'memory'] };
  if (x < 0.8) return { kind: 'pinned', type: PINNED_TYPES[Math.floor(r() * PINNED_TYPES.length)] };
  return { kind: 'none' };
}

/** The prod overlay's strategic-merge patch of an app's Deployment: a CPU request for its container. */
export function prodResourcesPatch(app) {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${app}`,
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    `        - name: ${app}`,
    '          resources:',
    '            requests:',
    '              cpu: 500m',
  ];
}

export function header(apiVersion, kind, name, namespace, labels = {}) {
  const lines = [`apiVersion: ${apiVersion}`, `kind: ${kind}`, 'metadata:', `  name: ${name}`, `  namespace: ${namespace}`];
  const entries = Object.entries(labels);
  if (entries.length > 0) lines.push('  labels:', ...entries.map(([k, v]) => `    ${k}: ${v}`));
  return lines;
}

/** One application file: ServiceAccounts, a few workloads, their SecurityGroupPolicies and an HPA. */
function appFile(r, namespace, id, withDaemonSet) {
  const docs = [];
  const app = `app-${id}`;
  const sa = `${app}-sa`;
  const secure = r() < 0.2;
  docs.push(header('v1', 'ServiceAccount', sa, namespace, secure ? { 'sg-access': `db-${id}` } : { team: namespace }));
  docs.push(header('v1', 'ServiceAccount', `${app}-jobs`, namespace));
  const kinds = ['Deployment', 'Deployment', 'StatefulSet', 'Job', 'Deployment'];
  const workloads = [];
  for (let i = 0; i < 5; i++) {
    const kind = withDaemonSet && i === 4 ? 'DaemonSet' : kinds[Math.floor(r() * kinds.length)];
    const name = `${app}-${['api', 'web', 'worker', 'db', 'cache', 'cron'][i]}`;
    const placement = kind === 'DaemonSet' ? { kind: 'role', role: 'general' } : pickPlacement(r);
    const apiVersion = kind === 'Job' ? 'batch/v1' : 'apps/v1';
    const lines = header(apiVersion, kind, name, namespace, { app: name, 'app.kubernetes.io/part-of': app });
    lines.push('spec:');
    if (kind === 'Job') lines.push(`  parallelism: ${1 + Math.floor(r() * 3)}`, '  backoffLimit: 2');
    else if (kind !== 'DaemonSet') lines.push(`  replicas: ${1 + Math.floor(r() * (placement.kind === 'pinned' ? 2 : 5))}`);
    if (kind !== 'Job') lines.push('  selector:', '    matchLabels:', `      app: ${name}`);
    if (kind === 'StatefulSet') lines.push(`  serviceName: ${name}`);
    const template = podTemplate(r, name, namespace, i < 2 ? sa : `${app}-jobs`, placement);
    template[3] = `        app: ${name}`;
    lines.push(...template);
    if (kind === 'Job') lines.push('      restartPolicy: Never');
    docs.push(lines);
    workloads.push({ kind, name });
  }
  if (secure) {
    // One policy by pod labels, one by service-account labels (it selects every pod of that account).
    const target = workloads[Math.floor(r() * workloads.length)];
    docs.push([
      ...header('vpcresources.k8s.aws/v1beta1', 'SecurityGroupPolicy', `${target.name}-sg`, namespace),
      'spec:',
      '  podSelector:',
      '    matchLabels:',
      `      app: ${target.name}`,
      '  securityGroups:',
      '    groupIds:',
      `      - sg-0${id.toString(16).padStart(7, '0')}aa11bb22`,
    ]);
    docs.push([
      ...header('vpcresources.k8s.aws/v1beta1', 'SecurityGroupPolicy', `${app}-db-access`, namespace),
      'spec:',
      '  serviceAccountSelector:',
      '    matchLabels:',
      `      sg-access: db-${id}`,
      '  securityGroups:',
      '    groupIds:',
      `      - sg-0${id.toString(16).padStart(7, '0')}cc33dd44`,
    ]);
  }
  const scaled = workloads.find((w) => w.kind === 'Deployment');
  if (scaled) {
    docs.push([
      ...header('autoscaling/v2', 'HorizontalPodAutoscaler', scaled.name, namespace),
      'spec:',
      '  scaleTargetRef:',
      '    apiVersion: apps/v1',
      '    kind: Deployment',
      `    name: ${scaled.name}`,
      '  minReplicas: 2',
      `  maxReplicas: ${3 + Math.floor(r() * 6)}`,
      '  metrics:',
      '    - type: Resource',
      '      resource:',
      '        name: cpu',
      '        target: {type: Utilization, averageUtilization: 70}',
    ]);
  }
  while (docs.length < 10) {
    docs.push([...header('v1', 'ConfigMap', `${app}-config-${docs.length}`, namespace), 'data:', `  key: value-${Math.floor(r() * 1e6)}`]);
  }
  return docs.map((d) => d.join('\n')).join('\n---\n') + '\n';
}

/**
 * About BIG_FILE_LINES lines of Deployments and Services in one namespace. It opens with a policy and a
 * Deployment that overcommit an undeclared type, so the file always has a finding (and every edit is
 * answered with a publishDiagnostics for the new version).
 */
function bigFile(r) {
  const { policy, workload } = probeFiles('platform', 'edge', BIG_FILE_TYPE);
  const docs = [policy.trimEnd(), workload.trimEnd()];
  let lines = docs.join('\n').split('\n').length;
  for (let i = 0; lines < BIG_FILE_LINES - 60; i++) {
    const name = `platform-${i}`;
    const d = header('apps/v1', 'Deployment', name, 'platform', { app: name });
    d.push('spec:', `  replicas: ${1 + Math.floor(r() * 4)}`, '  selector:', '    matchLabels:', `      app: ${name}`);
    d.push(...podTemplate(r, name, 'platform', 'default', { kind: 'role', role: i % 2 ? 'general' : 'compute' }));
    const s = header('v1', 'Service', name, 'platform');
    s.push('spec:', '  selector:', `    app: ${name}`, '  ports:', '    - port: 80', '      targetPort: 8080');
    docs.push(d.join('\n'), s.join('\n'));
    lines += d.length + s.length + 2;
  }
  let text = docs.join('\n---\n') + '\n';
  const have = text.split('\n').length - 1;
  for (let i = have; i < BIG_FILE_LINES; i++) text += `# padding ${i}\n`;
  return text;
}

/** A policy and, in another file, the Deployment it selects: 6 pods on one c6g.medium (4 branch ENIs). */
function probeFiles(namespace = 'probe', name = 'probe', instanceType = PROBE_TYPE) {
  const policy =
    [
      ...header('vpcresources.k8s.aws/v1beta1', 'SecurityGroupPolicy', `${name}-sg`, namespace),
      'spec:',
      '  podSelector:',
      '    matchLabels:',
      '      app: probe1',
      '  securityGroups:',
      '    groupIds:',
      '      - sg-0123456789abcdef0',
    ].join('\n') + '\n';
  const workload =
    [
      ...header('apps/v1', 'Deployment', name, namespace, { app: 'probe1' }),
      'spec:',
      '  replicas: 6',
      '  selector:',
      '    matchLabels:',
      '      app: probe1',
      '  template:',
      '    metadata:',
      '      labels:',
      '        app: probe1',
      '    spec:',
      '      nodeSelector:',
      `        node.kubernetes.io/instance-type: ${instanceType}`,
      '      containers:',
      `        - name: ${name}`,
      '          image: public.ecr.aws/nginx/nginx:1.27',
    ].join('\n') + '\n';
  return { policy, workload };
}

export function generate(size) {
  const files = SIZES[size];
  const root = path.join(WORKSPACES, size);
  fs.rmSync(root, { recursive: true, force: true });
  const r = rng(0x5eed + files);
  const write = (rel, text) => {
    const full = path.join(root, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
  };
  write('.eni-lens.yaml', configText(files / SIZES.L));
  write(BIG_FILE, bigFile(r));
  const probe = probeFiles();
  write(PROBE_POLICY, probe.policy);
  write(PROBE_WORKLOAD, probe.workload);
  const appFiles = files - 3;
  for (let i = 0; i < appFiles; i++) {
    const namespace = `team-${String(Math.floor(i / FILES_PER_NAMESPACE)).padStart(3, '0')}`;
    // A DaemonSet in the first file of every 25th namespace: clusters run a handful, not thousands.
    const withDaemonSet = i % (FILES_PER_NAMESPACE * 25) === 0;
    write(`teams/${namespace}/app-${String(i).padStart(5, '0')}.yaml`, appFile(r, namespace, i, withDaemonSet));
  }
  return root;
}

const ENVIRONMENTS = [
  { name: 'dev', replicas: 1 },
  { name: 'staging', replicas: 2 },
  { name: 'prod', replicas: 3 },
];

export function generateKustomize() {
  const root = path.join(WORKSPACES, KUSTOMIZE);
  fs.rmSync(root, { recursive: true, force: true });
  const r = rng(0x4b55);
  const write = (rel, text) => {
    const full = path.join(root, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
  };
  // Scaled so the security-group apps' overlays together overrun the sg-workers pool: findings in every tree.
  write('.eni-lens.yaml', configText(0.15));
  write(
    'components/pod-security/kustomization.yaml',
    [
      'apiVersion: kustomize.config.k8s.io/v1alpha1',
      'kind: Component',
      'resources:',
      '  - policy.yaml',
      'labels:',
      '  - pairs:',
      '      security: pods',
      '    includeTemplates: true',
      '',
    ].join('\n'),
  );
  write(
    'components/pod-security/policy.yaml',
    [
      ...header('vpcresources.k8s.aws/v1beta1', 'SecurityGroupPolicy', 'pod-security').filter((l) => !l.includes('namespace')),
      'spec:',
      '  podSelector:',
      '    matchLabels:',
      '      security: pods',
      '  securityGroups:',
      '    groupIds:',
      '      - sg-0123456789abcdef0',
      '',
    ].join('\n'),
  );
  for (let i = 0; i < KUSTOMIZE_APPS; i++) {
    const app = `app-${String(i).padStart(3, '0')}`;
    const base = `apps/${app}/base`;
    write(
      `${base}/kustomization.yaml`,
      ['apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'resources:', '  - deployment.yaml', '  - service.yaml', ''].join('\n'),
    );
    const d = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      `  name: ${app}`,
      '  labels:',
      `    app: ${app}`,
      'spec:',
      '  replicas: 1',
      '  selector:',
      '    matchLabels:',
      `      app: ${app}`,
    ];
    d.push(...podTemplate(r, app, app, 'default', { kind: 'role', role: i % 3 ? 'general' : 'sg' }));
    const hpa = [
      'apiVersion: autoscaling/v2',
      'kind: HorizontalPodAutoscaler',
      'metadata:',
      `  name: ${app}`,
      'spec:',
      '  scaleTargetRef:',
      '    apiVersion: apps/v1',
      '    kind: Deployment',
      `    name: ${app}`,
      '  minReplicas: 1',
      `  maxReplicas: ${2 + Math.floor(r() * 4)}`,
    ];
    write(`${base}/deployment.yaml`, `${d.join('\n')}\n---\n${hpa.join('\n')}\n`);
    write(
      `${base}/service.yaml`,
      [
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        `  name: ${app}`,
        'spec:',
        '  selector:',
        `    app: ${app}`,
        '  ports:',
        '    - port: 80',
        '      targetPort: 8080',
        '',
      ].join('\n'),
    );
    for (const env of ENVIRONMENTS) {
      const lines = ['apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', `namespace: ${app}-${env.name}`, 'resources:', '  - ../../base'];
      if (i % 3 === 0) lines.push('components:', '  - ../../../../components/pod-security');
      lines.push('labels:', '  - pairs:', `      env: ${env.name}`, 'replicas:', `  - name: ${app}`, `    count: ${env.replicas + Math.floor(r() * 3)}`);
      if (env.name === 'prod') lines.push('patches:', '  - path: resources.yaml');
      write(`apps/${app}/overlays/${env.name}/kustomization.yaml`, `${lines.join('\n')}\n`);
      if (env.name === 'prod') {
        write(`apps/${app}/overlays/prod/resources.yaml`, [...prodResourcesPatch(app), ''].join('\n'));
      }
    }
  }
  return root;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // Not awaited at the top level: mix.mjs imports this module, which must finish evaluating first.
  void import('./mix.mjs').then(({ generateMix, XL_MIX }) => {
    const all = [...Object.keys(SIZES), KUSTOMIZE, XL_MIX];
    const sizes = process.argv.slice(2).length > 0 ? process.argv.slice(2) : all;
    for (const size of sizes) {
      if (size === KUSTOMIZE) console.log(`wrote ${generateKustomize()}`);
      else if (size === XL_MIX) console.log(`wrote ${path.join(WORKSPACES, XL_MIX)}: ${JSON.stringify(generateMix(path.join(WORKSPACES, XL_MIX)))}`);
      else if (!(size in SIZES)) throw new Error(`unknown size ${size}; use ${all.join(', ')}`);
      else console.log(`wrote ${generate(size)}`);
    }
  });
}
