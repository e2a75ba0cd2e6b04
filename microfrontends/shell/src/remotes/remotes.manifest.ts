/** The remotes the shell loads, by the name each was built with (its Module Federation `name`). */
export const remoteNames = ['auth', 'home', 'creator', 'player'] as const;
export type RemoteName = (typeof remoteNames)[number];

/** Every exposed module the shell renders, as `remote/Module`. */
export type RemoteModuleId =
  | 'auth/SignIn'
  | 'auth/SignUp'
  | 'auth/ProfileSettings'
  | 'auth/NotificationSettings'
  | 'auth/UserMenu'
  | 'home/Home'
  | 'home/ChannelPage'
  | 'creator/Studio'
  | 'creator/GoLive'
  | 'creator/StudioChat'
  | 'creator/StudioAnalytics'
  | 'player/WatchPage'
  | 'player/LivePage';

/** What each module is, in words for the error shown when it cannot be loaded. */
export const remoteModuleLabels: { [id in RemoteModuleId]: string } = {
  'auth/SignIn': 'The sign-in form',
  'auth/SignUp': 'The sign-up form',
  'auth/ProfileSettings': 'Profile settings',
  'auth/NotificationSettings': 'Notification settings',
  'auth/UserMenu': 'The account menu',
  'home/Home': 'The home page',
  'home/ChannelPage': 'This channel page',
  'creator/Studio': 'The studio',
  'creator/GoLive': 'Go live',
  'creator/StudioChat': 'Chat settings',
  'creator/StudioAnalytics': 'Analytics',
  'player/WatchPage': 'This video page',
  'player/LivePage': 'This live stream',
};

export type RemotesManifest = Record<RemoteName, string>;

/**
 * Checks `/mf/remotes.json`: `{"auth": "<url of auth's mf-manifest.json>", "home": …}`. Relative URLs
 * are resolved against the manifest's own address, so the gateway can write `/mf/auth/mf-manifest.json`.
 */
export function parseRemotesManifest(json: unknown, baseUrl: string): RemotesManifest {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error('The remotes manifest is not a JSON object.');
  }
  const entries = json as Record<string, unknown>;
  const manifest = {} as RemotesManifest;
  for (const name of remoteNames) {
    const url = entries[name];
    if (typeof url !== 'string' || url === '') throw new Error(`The remotes manifest has no address for "${name}".`);
    manifest[name] = new URL(url, baseUrl).href;
  }
  return manifest;
}
