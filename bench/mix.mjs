// XL-mix: a workspace of about 5,000 files whose documents mix like a real platform repository's. For each
// workload about three other documents (Service, ConfigMap, Secret, ServiceAccount, Role/RoleBinding,
// Ingress, PodDisruptionBudget, some ServiceMonitors), a few dozen CRDs of hundreds of KB, Helm charts
// (Chart.yaml, values.yaml, templates with `{{ }}`), GitHub Actions workflows, kustomize bases with
// dev/staging/prod overlays, cluster RBAC and namespaces, and a .eni-lens.yaml with node pools.
// `mixFiles(scale)` returns the files (path → text) and the documents written, by kind; the same scale
// gives the same bytes.
import fs from 'node:fs';
import path from 'node:path';
import { crdText } from './crd.mjs';
import { configText, header, pickPlacement, podTemplate, prodResourcesPatch, rng } from './generate.mjs';

export const XL_MIX = 'XL-mix';
const FILES = 5000;
const CRDS = 36;
const CHARTS = 30;
const WORKFLOWS = 40;
const KUSTOMIZE_APPS = 60;
const APPS_PER_NAMESPACE = 15;
/** Node pools sized (against L's) so that the workloads fit them, with room to spare. */
const POOL_SCALE = 0.03;
/** Declared by no pool: 4 branch ENIs on its one implicit node. */
const OVERCOMMITTED_TYPE = 'c6g.medium';

const CRD_GROUPS = [
  ['monitoring.example.io', ['Prometheus', 'Alertmanager', 'ServiceMonitor', 'PodMonitor', 'ThanosRuler', 'ScrapeConfig']],
  ['cert.example.io', ['Certificate', 'Issuer', 'ClusterIssuer', 'CertificateRequest']],
  ['secrets.example.io', ['ExternalSecret', 'SecretStore', 'ClusterSecretStore', 'PushSecret']],
  ['argoproj.example.io', ['Application', 'ApplicationSet', 'AppProject', 'Rollout', 'AnalysisTemplate', 'Workflow', 'CronWorkflow']],
  ['database.example.io', ['Cluster', 'Pooler', 'Backup', 'ScheduledBackup', 'Database']],
  ['messaging.example.io', ['Kafka', 'KafkaTopic', 'KafkaUser', 'KafkaConnect', 'KafkaMirrorMaker', 'KafkaBridge']],
  ['autoscaling.example.io', ['ScaledObject', 'ScaledJob', 'TriggerAuthentication', 'ClusterTriggerAuthentication']],
];
const plural = (kind) => (/(s|sh|ch|x)$/.test(kind) ? `${kind.toLowerCase()}es` : /y$/.test(kind) ? `${kind.toLowerCase().slice(0, -1)}ies` : `${kind.toLowerCase()}s`);

const join = (docs) => `${docs.map((d) => d.join('\n')).join('\n---\n')}\n`;
const indent = (lines, n) => lines.map((l) => (l ? ' '.repeat(n) + l : l));

/** The workloads and other documents of one application, each `{ kind, file, lines }`. */
function appDocs(r, namespace, app) {
  const docs = [];
  const add = (kind, file, lines) => docs.push({ kind, file, lines });
  const sa = r() < 0.75 ? `${app}` : 'default';
  if (sa !== 'default') {
    const lines = header('v1', 'ServiceAccount', sa, namespace, { 'app.kubernetes.io/name': app });
    lines.push('  annotations:', `    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/${namespace}-${app}`);
    add('ServiceAccount', 'serviceaccount', lines);
  }
  const secure = r() < 0.12;
  // A few secured apps pin an undeclared type (an implicit pool of one node): the findings in the mix.
  const overcommit = secure && r() < 0.15;
  const workloads = 1 + (r() < 0.3 ? 1 : 0) + (r() < 0.07 ? 1 : 0);
  for (let w = 0; w < workloads; w++) {
    const name = w === 0 ? app : `${app}-${['worker', 'scheduler'][w - 1]}`;
    const x = r();
    const pinned = overcommit && w === 0;
    const kind = pinned || x < 0.74 ? 'Deployment' : x < 0.85 ? 'StatefulSet' : x < 0.96 ? 'CronJob' : 'Job';
    const placement = pinned ? { kind: 'pinned', type: OVERCOMMITTED_TYPE } : pickPlacement(r);
    const labels = { app: name, 'app.kubernetes.io/part-of': app };
    const lines = header(kind === 'CronJob' || kind === 'Job' ? 'batch/v1' : 'apps/v1', kind, name, namespace, labels);
    const template = podTemplate(r, name, namespace, sa, placement);
    const replicas = pinned ? 6 : 1 + Math.floor(r() * (placement.kind === 'pinned' ? 2 : 4));
    lines.push('spec:');
    if (kind === 'CronJob') {
      lines.push(`  schedule: "${Math.floor(r() * 60)} */${1 + Math.floor(r() * 6)} * * *"`, '  concurrencyPolicy: Forbid', '  jobTemplate:', '    spec:', '      backoffLimit: 2');
      lines.push(...indent([...template, '      restartPolicy: OnFailure'], 4));
    } else if (kind === 'Job') {
      lines.push('  backoffLimit: 3', ...template, '      restartPolicy: Never');
    } else {
      lines.push(`  replicas: ${replicas}`, '  revisionHistoryLimit: 5', '  selector:', '    matchLabels:', `      app: ${name}`);
      if (kind === 'StatefulSet') lines.push(`  serviceName: ${name}`);
      else lines.push('  strategy:', '    rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}');
      lines.push(...template);
    }
    add(kind, kind.toLowerCase() + (w ? `-${w}` : ''), lines);
    const serves = kind === 'Deployment' || kind === 'StatefulSet';
    if (serves && r() < 0.95) {
      const s = header('v1', 'Service', name, namespace, { app: name });
      s.push('spec:', '  type: ClusterIP', '  selector:', `    app: ${name}`, '  ports:', '    - name: http', '      port: 80', '      targetPort: 8080', '      protocol: TCP');
      add('Service', `service${w ? `-${w}` : ''}`, s);
      if (r() < 0.3) {
        const i = header('networking.k8s.io/v1', 'Ingress', name, namespace);
        i.push(
          '  annotations:',
          '    alb.ingress.kubernetes.io/scheme: internal',
          '    alb.ingress.kubernetes.io/target-type: ip',
          `    alb.ingress.kubernetes.io/group.name: ${namespace}`,
          'spec:',
          '  ingressClassName: alb',
          '  rules:',
          `    - host: ${name}.${namespace}.internal.example.com`,
          '      http:',
          '        paths:',
          '          - path: /',
          '            pathType: Prefix',
          '            backend:',
          '              service:',
          `                name: ${name}`,
          '                port: {number: 80}',
        );
        add('Ingress', `ingress${w ? `-${w}` : ''}`, i);
      }
      if (r() < 0.4) {
        const p = header('policy/v1', 'PodDisruptionBudget', name, namespace);
        p.push('spec:', r() < 0.5 ? '  minAvailable: 1' : '  maxUnavailable: 25%', '  selector:', '    matchLabels:', `      app: ${name}`);
        add('PodDisruptionBudget', `pdb${w ? `-${w}` : ''}`, p);
      }
      if (kind === 'Deployment' && r() < 0.25) {
        const h = header('autoscaling/v2', 'HorizontalPodAutoscaler', name, namespace);
        h.push(
          'spec:',
          '  scaleTargetRef:',
          '    apiVersion: apps/v1',
          '    kind: Deployment',
          `    name: ${name}`,
          `  minReplicas: ${replicas}`,
          `  maxReplicas: ${replicas + 1 + Math.floor(r() * 4)}`,
        );
        h.push('  metrics:', '    - type: Resource', '      resource:', '        name: cpu', '        target: {type: Utilization, averageUtilization: 75}');
        add('HorizontalPodAutoscaler', `hpa${w ? `-${w}` : ''}`, h);
      }
      if (r() < 0.2) {
        const m = header('monitoring.example.io/v1', 'ServiceMonitor', name, namespace, { release: 'prometheus' });
        m.push('spec:', '  selector:', '    matchLabels:', `      app: ${name}`, '  endpoints:', '    - port: http', '      path: /metrics', '      interval: 30s');
        add('ServiceMonitor', `servicemonitor${w ? `-${w}` : ''}`, m);
      }
    }
    if (r() < 0.5) {
      const c = header('v1', 'ConfigMap', `${name}-config`, namespace, { app: name });
      c.push('data:', `  LOG_LEVEL: ${['info', 'debug', 'warn'][Math.floor(r() * 3)]}`, '  application.yaml: |');
      for (let k = 0; k < 4 + Math.floor(r() * 20); k++) c.push(`    setting${k}:`, `      enabled: ${r() < 0.5}`, `      value: "${Math.floor(r() * 1e6)}"`);
      add('ConfigMap', `configmap${w ? `-${w}` : ''}`, c);
    }
    if (r() < 0.35) {
      const sec = header('v1', 'Secret', `${name}-credentials`, namespace);
      sec.push('type: Opaque', 'data:');
      for (const key of ['username', 'password', 'url'].slice(0, 1 + Math.floor(r() * 3)))
        sec.push(`  ${key}: ${Buffer.from(`${key}-${name}-${Math.floor(r() * 1e9)}`).toString('base64')}`);
      add('Secret', `secret${w ? `-${w}` : ''}`, sec);
    }
  }
  if (r() < 0.25) {
    const role = header('rbac.authorization.k8s.io/v1', 'Role', app, namespace);
    role.push(
      'rules:',
      '  - apiGroups: [""]',
      '    resources: [configmaps, secrets]',
      '    verbs: [get, list, watch]',
      '  - apiGroups: [coordination.k8s.io]',
      '    resources: [leases]',
      '    verbs: [get, create, update]',
    );
    const binding = header('rbac.authorization.k8s.io/v1', 'RoleBinding', app, namespace);
    binding.push(
      'roleRef:',
      '  apiGroup: rbac.authorization.k8s.io',
      '  kind: Role',
      `  name: ${app}`,
      'subjects:',
      '  - kind: ServiceAccount',
      `    name: ${sa}`,
      `    namespace: ${namespace}`,
    );
    add('Role', 'rbac', role);
    add('RoleBinding', 'rbac', binding);
  }
  if (secure) {
    const p = header('vpcresources.k8s.aws/v1beta1', 'SecurityGroupPolicy', `${app}-sg`, namespace);
    p.push(
      'spec:',
      '  podSelector:',
      '    matchLabels:',
      `      app: ${app}`,
      '  securityGroups:',
      '    groupIds:',
      `      - sg-0${Math.floor(r() * 0xfffffff)
        .toString(16)
        .padStart(7, '0')}aa11bb22`,
    );
    add('SecurityGroupPolicy', 'securitygrouppolicy', p);
  }
  return docs;
}

function chartFiles(r, name) {
  const dir = `charts/${name}`;
  const inc = (what) => `{{ include "${name}.${what}" . }}`;
  const meta = (kind, apiVersion, extra = []) => [
    `apiVersion: ${apiVersion}`,
    `kind: ${kind}`,
    'metadata:',
    `  name: ${inc('fullname')}`,
    '  labels:',
    `    {{- include "${name}.labels" . | nindent 4 }}`,
    ...extra,
  ];
  const files = {
    [`${dir}/Chart.yaml`]: [
      'apiVersion: v2',
      `name: ${name}`,
      `description: A Helm chart for ${name}`,
      'type: application',
      `version: 0.${Math.floor(r() * 20)}.${Math.floor(r() * 10)}`,
      `appVersion: "1.${Math.floor(r() * 30)}.0"`,
      '',
    ].join('\n'),
    [`${dir}/values.yaml`]: [
      `# Default values for ${name}.`,
      'replicaCount: 2',
      'image:',
      `  repository: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/${name}`,
      '  pullPolicy: IfNotPresent',
      '  # Overrides the image tag whose default is the chart appVersion.',
      '  tag: ""',
      'serviceAccount:',
      '  create: true',
      '  annotations: {}',
      '  name: ""',
      'podAnnotations: {}',
      'service:',
      '  type: ClusterIP',
      '  port: 80',
      'ingress:',
      '  enabled: false',
      '  className: alb',
      '  hosts:',
      `    - host: ${name}.example.com`,
      '      paths:',
      '        - path: /',
      '          pathType: Prefix',
      'resources:',
      '  requests:',
      `    cpu: ${100 + Math.floor(r() * 8) * 50}m`,
      '    memory: 256Mi',
      'autoscaling:',
      '  enabled: false',
      '  minReplicas: 2',
      '  maxReplicas: 10',
      '  targetCPUUtilizationPercentage: 80',
      'podDisruptionBudget:',
      '  enabled: true',
      '  minAvailable: 1',
      'nodeSelector: {}',
      'tolerations: []',
      'affinity: {}',
      '',
    ].join('\n'),
    [`${dir}/templates/_helpers.tpl`]: [
      `{{- define "${name}.fullname" -}}`,
      '{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}',
      '{{- end }}',
      `{{- define "${name}.labels" -}}`,
      `app.kubernetes.io/name: ${name}`,
      'app.kubernetes.io/instance: {{ .Release.Name }}',
      '{{- end }}',
      '',
    ].join('\n'),
    [`${dir}/templates/NOTES.txt`]: `Get the application URL by running:\n  kubectl port-forward svc/{{ include "${name}.fullname" . }} 8080:80\n`,
    [`${dir}/templates/deployment.yaml`]: [
      ...meta('Deployment', 'apps/v1'),
      'spec:',
      '  {{- if not .Values.autoscaling.enabled }}',
      '  replicas: {{ .Values.replicaCount }}',
      '  {{- end }}',
      '  selector:',
      '    matchLabels:',
      `      app.kubernetes.io/name: ${name}`,
      '  template:',
      '    metadata:',
      '      {{- with .Values.podAnnotations }}',
      '      annotations:',
      '        {{- toYaml . | nindent 8 }}',
      '      {{- end }}',
      '      labels:',
      `        app.kubernetes.io/name: ${name}`,
      '    spec:',
      `      serviceAccountName: ${inc('fullname')}`,
      '      containers:',
      '        - name: {{ .Chart.Name }}',
      '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"',
      '          imagePullPolicy: {{ .Values.image.pullPolicy }}',
      '          ports:',
      '            - name: http',
      '              containerPort: 8080',
      '          resources:',
      '            {{- toYaml .Values.resources | nindent 12 }}',
      '      {{- with .Values.nodeSelector }}',
      '      nodeSelector:',
      '        {{- toYaml . | nindent 8 }}',
      '      {{- end }}',
      '      {{- with .Values.tolerations }}',
      '      tolerations:',
      '        {{- toYaml . | nindent 8 }}',
      '      {{- end }}',
      '',
    ].join('\n'),
    [`${dir}/templates/service.yaml`]: [
      ...meta('Service', 'v1'),
      'spec:',
      '  type: {{ .Values.service.type }}',
      '  ports:',
      '    - port: {{ .Values.service.port }}',
      '      targetPort: http',
      '  selector:',
      `    app.kubernetes.io/name: ${name}`,
      '',
    ].join('\n'),
    [`${dir}/templates/serviceaccount.yaml`]: [
      '{{- if .Values.serviceAccount.create -}}',
      ...meta('ServiceAccount', 'v1', ['  {{- with .Values.serviceAccount.annotations }}', '  annotations:', '    {{- toYaml . | nindent 4 }}', '  {{- end }}']),
      '{{- end }}',
      '',
    ].join('\n'),
    [`${dir}/templates/configmap.yaml`]: [...meta('ConfigMap', 'v1'), 'data:', '  LOG_LEVEL: {{ .Values.logLevel | default "info" | quote }}', ''].join('\n'),
    [`${dir}/templates/ingress.yaml`]: [
      '{{- if .Values.ingress.enabled -}}',
      ...meta('Ingress', 'networking.k8s.io/v1'),
      'spec:',
      '  ingressClassName: {{ .Values.ingress.className }}',
      '  rules:',
      '    {{- range .Values.ingress.hosts }}',
      '    - host: {{ .host | quote }}',
      '      http:',
      '        paths:',
      '          {{- range .paths }}',
      '          - path: {{ .path }}',
      '            pathType: {{ .pathType }}',
      '            backend:',
      '              service:',
      `                name: ${inc('fullname')}`,
      '                port:',
      '                  number: {{ $.Values.service.port }}',
      '          {{- end }}',
      '    {{- end }}',
      '{{- end }}',
      '',
    ].join('\n'),
    [`${dir}/templates/hpa.yaml`]: [
      '{{- if .Values.autoscaling.enabled }}',
      ...meta('HorizontalPodAutoscaler', 'autoscaling/v2'),
      'spec:',
      '  scaleTargetRef:',
      '    apiVersion: apps/v1',
      '    kind: Deployment',
      `    name: ${inc('fullname')}`,
      '  minReplicas: {{ .Values.autoscaling.minReplicas }}',
      '  maxReplicas: {{ .Values.autoscaling.maxReplicas }}',
      '{{- end }}',
      '',
    ].join('\n'),
    [`${dir}/templates/pdb.yaml`]: [
      '{{- if .Values.podDisruptionBudget.enabled }}',
      ...meta('PodDisruptionBudget', 'policy/v1'),
      'spec:',
      '  minAvailable: {{ .Values.podDisruptionBudget.minAvailable }}',
      '  selector:',
      '    matchLabels:',
      `      app.kubernetes.io/name: ${name}`,
      '{{- end }}',
      '',
    ].join('\n'),
    [`${dir}/templates/tests/test-connection.yaml`]: [
      ...meta('Pod', 'v1', ['  annotations:', '    "helm.sh/hook": test']),
      'spec:',
      '  containers:',
      '    - name: wget',
      '      image: busybox',
      '      command: [wget]',
      `      args: ['${inc('fullname')}:{{ .Values.service.port }}']`,
      '  restartPolicy: Never',
      '',
    ].join('\n'),
  };
  return files;
}

function workflowText(r, name) {
  const lines = [
    `name: ${name}`,
    'on:',
    '  push:',
    '    branches: [main]',
    '  pull_request:',
    '    paths:',
    `      - 'apps/**'`,
    'permissions:',
    '  contents: read',
    '  id-token: write',
    'jobs:',
  ];
  for (const job of ['lint', 'test', 'deploy'].slice(0, 1 + Math.floor(r() * 3))) {
    lines.push(
      `  ${job}:`,
      '    runs-on: ubuntu-latest',
      ...(job === 'deploy' ? ["    if: github.ref == 'refs/heads/main'", '    environment: production'] : []),
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - uses: actions/setup-node@v4',
      '        with:',
      "          node-version: '20'",
      '      - name: Configure AWS credentials',
      '        uses: aws-actions/configure-aws-credentials@v4',
      '        with:',
      '          role-to-assume: ${{ secrets.AWS_ROLE_ARN }}',
      '          aws-region: eu-west-1',
      `      - run: make ${job} SERVICE=${name} SHA=\${{ github.sha }}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function kustomizeFiles(r, app) {
  const base = `kustomize/${app}/base`;
  const d = header('apps/v1', 'Deployment', app, 'default', { app }).filter((l) => !l.includes('namespace:'));
  d.push('spec:', '  replicas: 1', '  selector:', '    matchLabels:', `      app: ${app}`, ...podTemplate(r, app, app, 'default', pickPlacement(r)));
  const s = ['apiVersion: v1', 'kind: Service', 'metadata:', `  name: ${app}`, 'spec:', '  selector:', `    app: ${app}`, '  ports:', '    - port: 80', '      targetPort: 8080'];
  const c = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: ${app}-config`, 'data:', `  FEATURE_FLAGS: "${Math.floor(r() * 1e6)}"`];
  const files = {
    [`${base}/kustomization.yaml`]: [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'resources:',
      '  - deployment.yaml',
      '  - service.yaml',
      '  - configmap.yaml',
      '',
    ].join('\n'),
    [`${base}/deployment.yaml`]: join([d]),
    [`${base}/service.yaml`]: join([s]),
    [`${base}/configmap.yaml`]: join([c]),
  };
  for (const [env, replicas] of [
    ['dev', 1],
    ['staging', 2],
    ['prod', 3],
  ]) {
    const k = [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      `namespace: ${app}-${env}`,
      'resources:',
      '  - ../../base',
      'labels:',
      '  - pairs:',
      `      env: ${env}`,
    ];
    k.push('replicas:', `  - name: ${app}`, `    count: ${replicas + Math.floor(r() * 2)}`);
    if (env === 'prod') {
      k.push('patches:', '  - path: deployment-patch.yaml');
      files[`kustomize/${app}/overlays/prod/deployment-patch.yaml`] = join([prodResourcesPatch(app)]);
    }
    files[`kustomize/${app}/overlays/${env}/kustomization.yaml`] = `${k.join('\n')}\n`;
  }
  return files;
}

function platformFiles(r, namespaces) {
  const files = {};
  const kinds = {};
  const count = (kind, n = 1) => (kinds[kind] = (kinds[kind] ?? 0) + n);
  files['platform/namespaces.yaml'] = join(namespaces.map((ns) => ['apiVersion: v1', 'kind: Namespace', 'metadata:', `  name: ${ns}`, '  labels:', `    team: ${ns}`]));
  count('Namespace', namespaces.length);
  for (const agent of ['log-shipper', 'node-exporter', 'csi-node']) {
    const ns = 'kube-system';
    const ds = header('apps/v1', 'DaemonSet', agent, ns, { app: agent });
    ds.push('spec:', '  selector:', '    matchLabels:', `      app: ${agent}`, ...podTemplate(r, agent, ns, agent, { kind: 'none' }));
    const sa = header('v1', 'ServiceAccount', agent, ns);
    const role = [
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: ClusterRole',
      'metadata:',
      `  name: ${agent}`,
      'rules:',
      '  - apiGroups: [""]',
      '    resources: [nodes, pods]',
      '    verbs: [get, list, watch]',
    ];
    const binding = [
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: ClusterRoleBinding',
      'metadata:',
      `  name: ${agent}`,
      'roleRef:',
      '  apiGroup: rbac.authorization.k8s.io',
      '  kind: ClusterRole',
      `  name: ${agent}`,
      'subjects:',
      '  - kind: ServiceAccount',
      `    name: ${agent}`,
      `    namespace: ${ns}`,
    ];
    files[`platform/${agent}/daemonset.yaml`] = join([ds]);
    files[`platform/${agent}/rbac.yaml`] = join([sa, role, binding]);
    for (const k of ['DaemonSet', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding']) count(k);
  }
  for (const ns of namespaces) {
    const role = [
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: ClusterRole',
      'metadata:',
      `  name: ${ns}-viewer`,
      'rules:',
      '  - apiGroups: ["", apps, batch]',
      '    resources: ["*"]',
      '    verbs: [get, list, watch]',
    ];
    const binding = [
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: RoleBinding',
      'metadata:',
      `  name: ${ns}-viewer`,
      `  namespace: ${ns}`,
      'roleRef:',
      '  apiGroup: rbac.authorization.k8s.io',
      '  kind: ClusterRole',
      `  name: ${ns}-viewer`,
      'subjects:',
      '  - kind: Group',
      `    name: ${ns}-developers`,
      '    apiGroup: rbac.authorization.k8s.io',
    ];
    files[`platform/rbac/${ns}.yaml`] = join([role, binding]);
    count('ClusterRole');
    count('RoleBinding');
  }
  return { files, kinds };
}

/** The XL-mix files at `scale` (1: about 5,000 files): `{ files: Map<path, text>, kinds: {kind: documents} }`. */
export function mixFiles(scale = 1) {
  const r = rng(0x9e3779b9);
  const files = new Map();
  const kinds = {};
  const count = (kind, n = 1) => (kinds[kind] = (kinds[kind] ?? 0) + n);
  const n = (base, min = 1) => Math.max(min, Math.round(base * scale));
  files.set('.eni-lens.yaml', configText(POOL_SCALE * scale));

  const crdKinds = CRD_GROUPS.flatMap(([group, ks]) => ks.map((kind) => ({ group, kind })));
  for (let i = 0; i < n(CRDS, 3); i++) {
    const { group, kind } = crdKinds[i % crdKinds.length];
    const version = Math.floor(i / crdKinds.length);
    const fullGroup = version ? `v${version}.${group}` : group;
    // Mostly 150–400 KB, a fifth larger (pod templates, several served versions): 150–730 KB in all.
    const targetBytes = Math.round((r() < 0.2 ? 600 : 120 + r() * 240) * 1024);
    files.set(`platform/crds/${fullGroup}_${plural(kind)}.yaml`, crdText(r, { group: fullGroup, kind, plural: plural(kind), targetBytes }));
    count('CustomResourceDefinition');
  }
  for (let i = 0; i < n(CHARTS); i++) {
    for (const [file, text] of Object.entries(chartFiles(r, `service-${String(i).padStart(2, '0')}`))) files.set(file, text);
    count('Helm template', 8);
  }
  for (let i = 0; i < n(WORKFLOWS, 2); i++) files.set(`.github/workflows/${['build', 'deploy', 'lint', 'release', 'e2e'][i % 5]}-${i}.yml`, workflowText(r, `service-${i}`));
  files.set(
    '.github/dependabot.yml',
    ['version: 2', 'updates:', '  - package-ecosystem: github-actions', '    directory: /', '    schedule:', '      interval: weekly', ''].join('\n'),
  );
  for (let i = 0; i < n(KUSTOMIZE_APPS); i++) {
    for (const [file, text] of Object.entries(kustomizeFiles(r, `kapp-${String(i).padStart(3, '0')}`))) files.set(file, text);
    for (const k of ['Deployment', 'Service', 'ConfigMap']) count(k);
    count('Kustomization', 4);
    count('Deployment patch');
  }

  const target = n(FILES, 50);
  const namespaces = [];
  // YAML files only (charts also hold _helpers.tpl and NOTES.txt), with room for the platform files: one per
  // namespace plus seven.
  const yamlFiles = () => files.size - 2 * n(CHARTS);
  for (let a = 0; yamlFiles() + Math.ceil(a / APPS_PER_NAMESPACE) + 7 < target; a++) {
    const namespace = `team-${String(Math.floor(a / APPS_PER_NAMESPACE)).padStart(2, '0')}`;
    if (namespaces.at(-1) !== namespace) namespaces.push(namespace);
    const app = `svc-${String(a).padStart(4, '0')}`;
    const docs = appDocs(r, namespace, app);
    for (const d of docs) count(d.kind);
    if (r() < 0.35) {
      files.set(`manifests/${namespace}/${app}.yaml`, join(docs.map((d) => d.lines)));
      continue;
    }
    const byFile = new Map();
    for (const d of docs) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d.lines]);
    for (const [file, lines] of byFile) files.set(`apps/${namespace}/${app}/${file}.yaml`, join(lines));
  }
  const platform = platformFiles(r, namespaces);
  for (const [file, text] of Object.entries(platform.files)) files.set(file, text);
  for (const [kind, c] of Object.entries(platform.kinds)) count(kind, c);
  return { files, kinds };
}

/** Writes XL-mix into `root` (replacing it); returns the figures the bench reports. */
export function generateMix(root, scale = 1) {
  const started = performance.now();
  const { files, kinds } = mixFiles(scale);
  fs.rmSync(root, { recursive: true, force: true });
  let bytes = 0;
  for (const [rel, text] of files) {
    const full = path.join(root, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
    bytes += Buffer.byteLength(text);
  }
  return { files: files.size, MB: Number((bytes / 1024 / 1024).toFixed(1)), kinds, generationMs: Math.round(performance.now() - started) };
}
