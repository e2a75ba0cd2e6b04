export { goLive } from './live.session.js';
