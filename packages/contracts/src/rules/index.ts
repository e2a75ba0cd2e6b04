export * from './chat.rules.js';
export * from './handle.rules.js';
export * from './password.rules.js';
export * from './profile.rules.js';
export * from './return-to.rules.js';
export * from './upload.rules.js';
export * from './video.rules.js';
export * from './view.rules.js';
