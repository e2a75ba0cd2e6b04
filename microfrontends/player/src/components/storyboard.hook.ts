import { useEffect, useState } from 'react';
import { parseStoryboardVtt, type StoryboardCue } from '../playback/storyboard.vtt.js';

/** The storyboard's tiles, or none while loading, when there is no storyboard, or when it fails (previews are optional). */
export function useStoryboard(url: string | null): StoryboardCue[] {
  const [cues, setCues] = useState<StoryboardCue[]>([]);
  useEffect(() => {
    setCues([]);
    if (!url) return;
    const abort = new AbortController();
    const absolute = new URL(url, window.location.href).href;
    fetch(absolute, { signal: abort.signal, credentials: 'same-origin' })
      .then((response) => (response.ok ? response.text() : ''))
      .then((text) => setCues(parseStoryboardVtt(text, absolute)))
      .catch(() => {});
    return () => abort.abort();
  }, [url]);
  return cues;
}
