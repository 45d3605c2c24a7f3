// Large CustomResourceDefinitions in the shape controller-gen writes them (operator and provider bundles):
// a CRD per file named <group>_<plural>.yaml, `description: |-` blocks on every field, list items flush with
// their key, an embedded pod template (containers, probes, affinity, volumes) and served older versions
// that repeat the whole schema. Sizes are hundreds of KB, as in real bundles; the analysis reads only
// apiVersion and kind.

const WORDS = (
  'the of a to is and field this if for be in that it specifies when by must or not defaults are which value ' +
  'default controller resource object selector name set may will with more info string used empty cannot ' +
  'container pod node label key template updated status condition reason message observed generation ' +
  'namespace reference should policy port protocol secret config path mount volume replicas strategy ' +
  'required optional deprecated immutable specified behavior requests limits endpoint certificate'
).split(' ');
const FIELD_ROOTS = (
  'address affinity annotations authentication backoff bucket cache certificate channel class client cluster ' +
  'config connection credentials database delay destination endpoint exporter filter format gateway header ' +
  'image interval issuer listener logging match metrics mode network observability override parameters ' +
  'password payload peer period pipeline placement priority provider proxy queue rate receiver region ' +
  'replica retention retry route rule schedule scope secret selector shard sink snapshot source storage ' +
  'strategy subject target threshold timeout tls token topology transport trigger upstream volume window'
).split(' ');
const FIELD_TAILS = ['', '', '', 'Ref', 'Name', 'Spec', 'Config', 'Policy', 'Selector', 'Seconds', 'Template', 'Mode', 'Count', 'Limit'];

function sentence(r, words) {
  const out = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(r() * WORDS.length)]);
  out[0] = out[0][0].toUpperCase() + out[0].slice(1);
  return `${out.join(' ')}.`;
}

/** A controller-gen description: `|-` block of lines wrapped near 80 columns. */
function description(r, indent) {
  const lines = [];
  const paragraphs = 1 + Math.floor(r() * 2);
  for (let p = 0; p < paragraphs; p++) {
    if (p > 0) lines.push('');
    let line = '';
    for (let s = 0; s < 1 + Math.floor(r() * 3); s++) {
      for (const w of sentence(r, 6 + Math.floor(r() * 14)).split(' ')) {
        if (line.length + w.length > 76) {
          lines.push(line);
          line = w;
        } else line = line ? `${line} ${w}` : w;
      }
    }
    if (line) lines.push(line);
  }
  const pad = ' '.repeat(indent);
  return [`${pad}description: |-`, ...lines.map((l) => (l ? `${pad}  ${l}` : ''))];
}

function fieldName(r, used) {
  for (;;) {
    const root = FIELD_ROOTS[Math.floor(r() * FIELD_ROOTS.length)];
    const tail = FIELD_TAILS[Math.floor(r() * FIELD_TAILS.length)];
    const name = `${root}${tail}`;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
    if (used.size > FIELD_ROOTS.length * 4) return `${name}${used.size}`;
  }
}

/** A random schema node at `indent` (the indent of its own keys). */
function schemaNode(r, indent, depth) {
  const pad = ' '.repeat(indent);
  const x = r();
  const lines = description(r, indent);
  // Deeper nodes are more often leaves, so a subtree stays tens of KB however deep it may go.
  if (x >= Math.min(0.6, 0.12 * depth)) {
    const leaf = r();
    if (leaf < 0.4) lines.push(`${pad}type: string`);
    else if (leaf < 0.55) lines.push(`${pad}enum:`, ...['Always', 'IfNotPresent', 'Never'].map((v) => `${pad}- ${v}`), `${pad}type: string`);
    else if (leaf < 0.7) lines.push(`${pad}format: int32`, `${pad}minimum: 0`, `${pad}type: integer`);
    else if (leaf < 0.8) lines.push(`${pad}type: boolean`);
    else if (leaf < 0.9) lines.push(`${pad}anyOf:`, `${pad}- type: integer`, `${pad}- type: string`, `${pad}x-kubernetes-int-or-string: true`);
    else lines.push(`${pad}additionalProperties:`, `${pad}  type: string`, `${pad}type: object`);
    return lines;
  }
  if (x < 0.25) {
    lines.push(`${pad}items:`, ...objectNode(r, indent + 2, depth - 1, false), `${pad}type: array`);
    if (r() < 0.5) lines.push(`${pad}x-kubernetes-list-type: atomic`);
    return lines;
  }
  lines.push(...objectNode(r, indent, depth - 1, true));
  return lines;
}

function objectNode(r, indent, depth, withDescription) {
  const pad = ' '.repeat(indent);
  const lines = withDescription ? [] : description(r, indent);
  const used = new Set();
  const fields = 2 + Math.floor(r() * 6);
  const names = Array.from({ length: fields }, () => fieldName(r, used)).sort();
  lines.push(`${pad}properties:`);
  for (const name of names) lines.push(`${pad}  ${name}:`, ...schemaNode(r, indent + 4, depth));
  if (r() < 0.4) lines.push(`${pad}required:`, `${pad}- ${names[0]}`);
  lines.push(`${pad}type: object`);
  if (r() < 0.15) lines.push(`${pad}x-kubernetes-map-type: atomic`);
  return lines;
}

/** The core/v1 pieces operators embed: a container list, probes, resources, affinity, tolerations, volumes. */
function podTemplateSchema(r, indent) {
  const sp = (n) => ' '.repeat(n);
  const string = (i, name) => [`${sp(i)}${name}:`, ...description(r, i + 2), `${sp(i + 2)}type: string`];
  const strings = (i, name) => [
    `${sp(i)}${name}:`,
    ...description(r, i + 2),
    `${sp(i + 2)}items:`,
    `${sp(i + 4)}type: string`,
    `${sp(i + 2)}type: array`,
    `${sp(i + 2)}x-kubernetes-list-type: atomic`,
  ];
  /** A container's schema with its keys at `i`. */
  const container = (i) => [
    ...description(r, i),
    `${sp(i)}properties:`,
    ...strings(i + 2, 'args'),
    ...strings(i + 2, 'command'),
    ...['env', 'envFrom', 'lifecycle', 'livenessProbe', 'ports', 'readinessProbe', 'resources', 'securityContext', 'startupProbe', 'volumeMounts'].flatMap((n) => [
      `${sp(i + 2)}${n}:`,
      ...schemaNode(r, i + 4, 3),
    ]),
    ...['image', 'imagePullPolicy', 'name', 'workingDir'].flatMap((n) => string(i + 2, n)),
    `${sp(i)}required:`,
    `${sp(i)}- name`,
    `${sp(i)}type: object`,
  ];
  // Pod spec fields are named at `f` and have their keys at `f + 2`.
  const f = indent + 6;
  const containers = (name) => [
    `${sp(f)}${name}:`,
    ...description(r, f + 2),
    `${sp(f + 2)}items:`,
    ...container(f + 4),
    `${sp(f + 2)}type: array`,
    `${sp(f + 2)}x-kubernetes-list-map-keys:`,
    `${sp(f + 2)}- name`,
    `${sp(f + 2)}x-kubernetes-list-type: map`,
  ];
  const node = (name, depth) => [`${sp(f)}${name}:`, ...schemaNode(r, f + 2, depth)];
  return [
    ...description(r, indent),
    `${sp(indent)}properties:`,
    `${sp(indent + 2)}metadata:`,
    ...description(r, indent + 4),
    `${sp(indent + 4)}type: object`,
    `${sp(indent + 4)}x-kubernetes-preserve-unknown-fields: true`,
    `${sp(indent + 2)}spec:`,
    ...description(r, indent + 4),
    `${sp(indent + 4)}properties:`,
    ...node('affinity', 5),
    ...containers('containers'),
    ...containers('initContainers'),
    `${sp(f)}nodeSelector:`,
    ...description(r, f + 2),
    `${sp(f + 2)}additionalProperties:`,
    `${sp(f + 4)}type: string`,
    `${sp(f + 2)}type: object`,
    `${sp(f + 2)}x-kubernetes-map-type: atomic`,
    ...node('securityContext', 4),
    ...string(f, 'serviceAccountName'),
    ...node('tolerations', 3),
    ...node('topologySpreadConstraints', 4),
    ...node('volumes', 5),
    `${sp(indent + 4)}required:`,
    `${sp(indent + 4)}- containers`,
    `${sp(indent + 4)}type: object`,
    `${sp(indent)}type: object`,
  ];
}

/**
 * One CRD document of about `targetBytes`: spec fields are added until the schema reaches the size, and
 * older served versions repeat it.
 */
export function crdText(r, { group, kind, plural = `${kind.toLowerCase()}s`, targetBytes }) {
  const versions = r() < 0.5 ? ['v1'] : r() < 0.6 ? ['v1', 'v1beta1'] : ['v1', 'v1beta1', 'v1alpha1'];
  const perVersion = targetBytes / versions.length;
  // The schema of one version, indented for `  - name: vN` items under `  versions:` (controller-gen style).
  const schema = ['    schema:', '      openAPIV3Schema:', ...description(r, 8), '        properties:'];
  for (const [name, text] of [
    ['apiVersion', 'APIVersion defines the versioned schema of this representation of an object.'],
    ['kind', 'Kind is a string value representing the REST resource this object represents.'],
  ]) {
    schema.push(`          ${name}:`, '            description: |-', `              ${text}`, '            type: string');
  }
  schema.push('          metadata:', '            type: object', '          spec:', ...description(r, 12), '            properties:');
  const specFields = new Set();
  let bytes = schema.reduce((n, l) => n + l.length + 1, 0);
  const addField = (name, body) => {
    schema.push(`              ${name}:`, ...body);
    bytes += body.reduce((n, l) => n + l.length + 1, 0);
  };
  // Operators that run pods embed a pod template (one of the reasons their CRDs are large).
  if (perVersion > 150 * 1024) addField('template', podTemplateSchema(r, 16));
  while (bytes < perVersion * 0.92 || specFields.size < 3) addField(fieldName(r, specFields), schemaNode(r, 16, 5));
  schema.push('            type: object', '          status:', ...objectNode(r, 12, 3, false), '        type: object');
  const lines = [
    'apiVersion: apiextensions.k8s.io/v1',
    'kind: CustomResourceDefinition',
    'metadata:',
    '  annotations:',
    '    controller-gen.kubebuilder.io/version: v0.16.5',
    `  name: ${plural}.${group}`,
    'spec:',
    `  group: ${group}`,
    '  names:',
    '    categories:',
    '    - all',
    `    kind: ${kind}`,
    `    listKind: ${kind}List`,
    `    plural: ${plural}`,
    `    singular: ${kind.toLowerCase()}`,
    '  scope: Namespaced',
    '  versions:',
  ];
  versions.forEach((v, i) => {
    lines.push(
      '  - additionalPrinterColumns:',
      '    - jsonPath: .status.conditions[?(@.type=="Ready")].status',
      '      name: Ready',
      '      type: string',
      '    - jsonPath: .metadata.creationTimestamp',
      '      name: Age',
      '      type: date',
    );
    if (i > 0) lines.push('    deprecated: true');
    lines.push(`    name: ${v}`, ...schema, `    served: true`, `    storage: ${i === 0}`, '    subresources:', '      status: {}');
  });
  return `---\n${lines.join('\n')}\n`;
}
