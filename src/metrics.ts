import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics: what operators watch. One registry per service instance (tests build their own). */
export interface Metrics {
  registry: Registry;
  credentialsIssued: Counter<'proof_formats'>;
  issuanceSeconds: Histogram<'proof_formats'>;
  verifications: Counter<'verdict' | 'format'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'mobicred_' });
  return {
    registry,
    credentialsIssued: new Counter({
      name: 'mobicred_credentials_issued_total',
      help: 'Credentials issued, by the proof formats they carry',
      labelNames: ['proof_formats'],
      registers: [registry],
    }),
    issuanceSeconds: new Histogram({
      name: 'mobicred_issuance_seconds',
      help: 'Time to build, sign (both proofs) and store one credential',
      labelNames: ['proof_formats'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    verifications: new Counter({
      name: 'mobicred_verifications_total',
      help: 'Verifications, by verdict and by the format of the credential',
      labelNames: ['verdict', 'format'],
      registers: [registry],
    }),
  };
}
