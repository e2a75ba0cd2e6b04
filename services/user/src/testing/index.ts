export { bearer, GOOD_PASSWORD, type Registered, register, uniqueHandle } from './user.harness.js';
