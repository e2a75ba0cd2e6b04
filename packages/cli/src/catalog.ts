import { analyticsModule } from '@framecast/analytics';
import { chatModule } from '@framecast/chat';
import { gatewayModule } from '@framecast/gateway';
import type { ModuleName, ServiceModule } from '@framecast/kit';
import { liveModule } from '@framecast/live';
import { notificationModule } from '@framecast/notification';
import { transcoderModule } from '@framecast/transcoder';
import { userModule } from '@framecast/user';
import { videoModule } from '@framecast/video';

/** Every module of the platform, by name: a module missing here, or listed under another's name, does not compile. */
const modules = {
  gateway: gatewayModule,
  user: userModule,
  video: videoModule,
  transcoder: transcoderModule,
  live: liveModule,
  chat: chatModule,
  analytics: analyticsModule,
  notification: notificationModule,
} satisfies { [Name in ModuleName]: ServiceModule<any> & { name: Name } };

export const catalog: readonly ServiceModule<any>[] = Object.values(modules);
