import { expect, it } from 'vitest';
import { createSessionStore, loadingSession, signedOutSession } from './session.store.js';

it('starts loading and notifies subscribers of changes until they unsubscribe', () => {
  const store = createSessionStore();
  expect(store.getSnapshot()).toBe(loadingSession);
  let calls = 0;
  const unsubscribe = store.subscribe(() => calls++);
  store.set(signedOutSession);
  expect(store.getSnapshot()).toBe(signedOutSession);
  expect(calls).toBe(1);
  store.set(signedOutSession);
  expect(calls).toBe(1);
  unsubscribe();
  store.set(loadingSession);
  expect(calls).toBe(1);
});

it('keeps the snapshot identity stable between changes', () => {
  const store = createSessionStore(signedOutSession);
  expect(store.getSnapshot()).toBe(store.getSnapshot());
});
