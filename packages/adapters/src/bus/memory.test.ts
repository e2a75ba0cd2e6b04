import { eventBusContract } from './bus.contract.js';
import { jobQueueContract } from './jobs.contract.js';
import { createMemoryEventBus } from './memory.events.js';
import { createMemoryJobQueue } from './memory.jobs.js';

eventBusContract('in-process', async (settings) => {
  const bus = createMemoryEventBus(settings);
  return { bus, dispose: () => bus.close() };
});

jobQueueContract('in-process', async (settings) => {
  const jobs = createMemoryJobQueue(settings);
  return { jobs, dispose: () => jobs.close() };
});
