import { parseTopic, topicFamilies } from '@framecast/contracts';
import Compile from 'typebox/compile';

const ids = Object.fromEntries(
  Object.entries(topicFamilies).map(([family, declared]) => [family, Compile(declared.id)]),
) as Record<keyof typeof topicFamilies, ReturnType<typeof Compile>>;

/** What deciding a subscription takes: nothing more, or a read of the owning module's resource. */
export type AccessPlan =
  | { kind: 'allow' }
  | { kind: 'deny'; code: 'unknown_topic' | 'topic_forbidden' }
  | { kind: 'read'; path: string };

/** How a topic is authorised for `userId` (null: anonymous), from its family's declaration. Pure. */
export function planAccess(topic: string, userId: string | null): AccessPlan {
  const parsed = parseTopic(topic);
  if (!parsed || !ids[parsed.family].Check(parsed.id)) return { kind: 'deny', code: 'unknown_topic' };
  const { access } = topicFamilies[parsed.family];
  if (access === 'self') return userId === parsed.id ? { kind: 'allow' } : { kind: 'deny', code: 'topic_forbidden' };
  return { kind: 'read', path: access.read.replace(':id', encodeURIComponent(parsed.id)) };
}

/** Asks the API, as the subscriber, for a path; resolves to the HTTP status. */
export type ReadProbe = (path: string, token: string | null) => Promise<number>;

/** Carries out a plan: a read is allowed when the owning module answers 200 to the subscriber's token. */
export async function decideAccess(
  topic: string,
  who: { userId: string | null; token: string | null },
  read: ReadProbe,
): Promise<'allowed' | 'unknown_topic' | 'topic_forbidden'> {
  const plan = planAccess(topic, who.userId);
  if (plan.kind === 'allow') return 'allowed';
  if (plan.kind === 'deny') return plan.code;
  return (await read(plan.path, who.token)) === 200 ? 'allowed' : 'topic_forbidden';
}
