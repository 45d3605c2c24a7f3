// Node taints and pod tolerations, in the Kubernetes shape (core/v1 Taint, Toleration).

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface Taint {
  key: string;
  value?: string;
  effect: TaintEffect;
}

export interface Toleration {
  /** Empty with operator Exists: tolerates every taint. */
  key?: string;
  operator: 'Equal' | 'Exists';
  value?: string;
  /** Empty: matches every effect. */
  effect?: TaintEffect;
}
