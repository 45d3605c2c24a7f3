// Every rule, in the order findings are reported for one place. Adding a rule: one module here and its test.
import { branchEniCapacity } from './branchEniCapacity';
import { branchEniUnsupported } from './branchEniUnsupported';
import { maxPods } from './maxPods';
import { rolloutSurge } from './rolloutSurge';
import type { Rule } from './rule';
import { securityGroupsPerEni } from './securityGroupsPerEni';
import { sgpInvalid } from './sgpInvalid';
import { unknownInstanceType } from './unknownInstanceType';

export const RULES: Rule[] = [
  branchEniCapacity,
  branchEniUnsupported,
  maxPods,
  securityGroupsPerEni,
  unknownInstanceType,
  sgpInvalid,
  rolloutSurge,
];

export type { Rule, RuleContext } from './rule';
