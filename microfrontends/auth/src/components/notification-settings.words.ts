import type { BellLevel, DeliveryChannel, NotificationKind } from '@framecast/client';

/** Each kind of notification, in the order the settings list them, as a reader would name it. */
export const kindWords: { [kind in NotificationKind]: { label: string; hint: string } } = {
  live: { label: 'Live streams', hint: 'A channel you follow goes live.' },
  video: { label: 'New videos', hint: 'A channel you follow publishes a video.' },
  follow: { label: 'New followers', hint: 'Someone follows your channel.' },
  mention: { label: 'Mentions', hint: 'Someone names you (@you) in a chat.' },
};

/** Each way a notification reaches the reader, as the settings' columns name them. */
export const deliveryWords: { [delivery in DeliveryChannel]: string } = {
  inApp: 'In the app',
  email: 'E-mail',
  push: 'Browser push',
};

/** A followed channel's bell. */
export const bellWords: { [level in BellLevel]: string } = {
  all: 'Live streams and videos',
  live: 'Live streams only',
  none: 'Nothing',
};

export const kindOrder = Object.keys(kindWords) as NotificationKind[];
export const deliveryOrder = Object.keys(deliveryWords) as DeliveryChannel[];
export const bellOrder = Object.keys(bellWords) as BellLevel[];
