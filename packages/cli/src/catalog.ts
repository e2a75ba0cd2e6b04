import { gatewayModule } from '@framecast/gateway';
import type { ModuleName, ServiceModule } from '@framecast/kit';
import { transcoderModule } from '@framecast/transcoder';
import { userModule } from '@framecast/user';
import { videoModule } from '@framecast/video';

/** Every module of the platform. Typed by name, so a new module does not compile until it is listed here. */
const modules: { [Name in ModuleName]: ServiceModule & { name: Name } } = {
  gateway: gatewayModule as ServiceModule & { name: 'gateway' },
  user: userModule as ServiceModule & { name: 'user' },
  video: videoModule as ServiceModule & { name: 'video' },
  transcoder: transcoderModule as ServiceModule & { name: 'transcoder' },
};

export const catalog: readonly ServiceModule[] = Object.values(modules);
