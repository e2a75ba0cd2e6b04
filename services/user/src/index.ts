export { ARGON2_PARAMS } from './accounts/password.hasher.js';
export { MIN_PASSWORD_SCORE } from './accounts/password.policy.js';
export { userModule } from './user.module.js';
export { DEFAULT_SEED_PASSWORD, DEMO_USERS } from './user.seed.js';
