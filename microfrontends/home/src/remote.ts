import { scopedTo } from '@framecast/ui';

/** This remote's name, as given to `remoteConfig` in rsbuild.config.ts: the scope of its stylesheet. */
export const remoteName = 'home';

/** Wraps each component this remote exposes in its style scope. */
export const scoped = scopedTo(remoteName);
