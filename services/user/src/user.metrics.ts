import { counter } from '@framecast/kit';
import type { Registry } from 'prom-client';

export type LoginResult = 'success' | 'invalid_credentials';
export type LoginMethod = 'password' | 'oidc';

/** The user module's own series, beside the runtime's RED metrics. */
export interface UserMetrics {
  registration(method: LoginMethod): void;
  login(method: LoginMethod, result: LoginResult): void;
  refreshReuse(): void;
}

export function createUserMetrics(registry: Registry): UserMetrics {
  const registrations = counter(registry, {
    name: 'framecast_user_registrations_total',
    help: 'Accounts created, by sign-up method.',
    labelNames: ['method'],
  });
  const logins = counter(registry, {
    name: 'framecast_user_logins_total',
    help: 'Sign-in attempts, by method and result.',
    labelNames: ['method', 'result'],
  });
  const reuses = counter(registry, {
    name: 'framecast_user_refresh_reuse_total',
    help: 'Refresh tokens presented again after rotation; each revoked its whole session family.',
  });
  return {
    registration: (method) => registrations.inc({ method }),
    login: (method, result) => logins.inc({ method, result }),
    refreshReuse: () => reuses.inc(),
  };
}
