import type { Visibility } from '@framecast/client';

/** Each visibility in words, for the select and the list. */
export const visibilityTexts: { [visibility in Visibility]: { label: string; hint: string } } = {
  public: { label: 'Public', hint: 'Everyone can find and watch it.' },
  unlisted: { label: 'Unlisted', hint: 'Anyone with the link can watch it; it is not listed.' },
  private: { label: 'Private', hint: 'Only you can watch it.' },
};
