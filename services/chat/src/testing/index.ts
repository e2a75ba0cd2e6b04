export { connectChat, type TestChatClient } from './chat.client.js';
export { type ChatHarness, chatter, startChatModule } from './chat.harness.js';
