import { eventBusContract } from './bus.contract.js';
import { createMemoryEventBus } from './memory.events.js';

eventBusContract('in-process', async (settings) => {
  const bus = createMemoryEventBus(settings);
  return { bus, dispose: () => bus.close() };
});
