import type { ChatRoomConnection, ChatState, FramecastClient } from '@framecast/client';
import { useEffect, useState, useSyncExternalStore } from 'react';

const nothing = () => () => {};

/**
 * Joins a channel's chat room for the component's lifetime (one socket; left on unmount or another handle) and
 * gives its state, re-rendering on each change. `room` is null until the socket is opened, after the first render.
 */
export function useChatRoom(client: FramecastClient, handle: string) {
  const [room, setRoom] = useState<ChatRoomConnection | null>(null);
  useEffect(() => {
    const joined = client.chat.join(handle);
    setRoom(joined);
    return () => {
      joined.close();
      setRoom((current) => (current === joined ? null : current));
    };
  }, [client, handle]);
  const state = useSyncExternalStore<ChatState | null>(room?.subscribe ?? nothing, () => room?.getSnapshot() ?? null);
  return { room, state };
}

/** The time, moving every `stepMs` while `running` (countdowns); still otherwise. */
export function useNow(running: boolean, stepMs = 250): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), stepMs);
    return () => clearInterval(timer);
  }, [running, stepMs]);
  return running ? now : Date.now();
}
