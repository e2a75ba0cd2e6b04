import { type ChatGrantKind, type FramecastClient, handleMessage, handleProblem, type Viewer } from '@framecast/client';
import {
  Alert,
  Button,
  Card,
  chatApiErrorText,
  EmptyState,
  GemIcon,
  QueryState,
  ShieldIcon,
  Skeleton,
  TextField,
} from '@framecast/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { chatGrantsQuery, refreshAfterChange } from './chat.queries.js';
import { PersonRow, since, typedHandle } from './chat-people.js';

const texts = {
  moderators: {
    title: 'Moderators',
    about: 'Moderators delete messages, time out and ban people, and change the chat modes.',
    empty: 'No moderators yet',
    emptyHint: 'Add someone you trust to keep the chat friendly while you stream.',
    add: 'Add moderator',
    label: 'Moderator’s handle',
    icon: <ShieldIcon />,
  },
  vips: {
    title: 'VIPs',
    about: 'VIPs wear a badge beside their name in your chat.',
    empty: 'No VIPs yet',
    emptyHint: 'Give regulars and friends of the channel a badge.',
    add: 'Add VIP',
    label: 'VIP’s handle',
    icon: <GemIcon />,
  },
} as const;

/** The broadcaster's moderators or VIPs: added by handle, removed from the list. */
export function ChatRolesSection({
  client,
  handle,
  viewer,
  kind,
}: {
  client: FramecastClient;
  handle: string;
  viewer: Viewer;
  kind: ChatGrantKind;
}) {
  const t = texts[kind];
  const queryClient = useQueryClient();
  const options = chatGrantsQuery(client, handle, kind, viewer);
  const grants = useQuery(options);
  const [typed, setTyped] = useState('');
  const [tried, setTried] = useState(false);
  const user = typedHandle(typed);
  const problem = user === '' ? null : handleProblem(user);
  const refresh = () => refreshAfterChange(queryClient, handle, viewer, kind);
  const add = useMutation({
    mutationFn: (who: string) => client.chat[kind].add(handle, who),
    onSuccess: () => {
      setTyped('');
      setTried(false);
      return refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (who: string) => client.chat[kind].remove(handle, who),
    onSuccess: refresh,
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (user !== '' && problem === null) add.mutate(user);
  };

  return (
    <Card className="flex flex-col gap-4 p-5">
      <div className="flex flex-col gap-1">
        <h2 className="text-lg font-bold text-fg">{t.title}</h2>
        <p className="text-sm text-muted">{t.about}</p>
      </div>
      <form onSubmit={submit} className="flex items-start gap-2" noValidate>
        <div className="flex-1">
          <TextField
            label={t.label}
            name={`${kind}-handle`}
            placeholder="@handle"
            autoComplete="off"
            value={typed}
            onChange={(e) => {
              setTyped(e.target.value);
              add.reset();
            }}
            error={tried && problem ? handleMessage(problem, user) : add.isError ? chatApiErrorText(add.error) : null}
          />
        </div>
        <Button type="submit" variant="secondary" className="mt-6.5" loading={add.isPending} disabled={user === ''}>
          {t.add}
        </Button>
      </form>
      {remove.isError && <Alert tone="error">{chatApiErrorText(remove.error)}</Alert>}
      <QueryState
        query={grants}
        errorTitle={`Your ${t.title.toLowerCase()} could not be loaded`}
        loading={
          <div role="status" aria-label={`Loading ${t.title.toLowerCase()}`} className="flex flex-col gap-2">
            <Skeleton className="h-10 rounded-control" />
            <Skeleton className="h-10 rounded-control" />
          </div>
        }
        isEmpty={(items) => items.length === 0}
        empty={<EmptyState size="sm" icon={t.icon} title={t.empty} description={t.emptyHint} />}
      >
        {(items) => (
          <ul aria-label={t.title} className="flex flex-col divide-y divide-line">
            {items.map((grant) => (
              <PersonRow
                key={grant.user.handle}
                user={grant.user}
                about={since('Added', grant.grantedAt)}
                action={
                  <Button
                    variant="ghost"
                    size="sm"
                    loading={remove.isPending && remove.variables === grant.user.handle}
                    onClick={() => remove.mutate(grant.user.handle)}
                    aria-label={`Remove ${grant.user.displayName || grant.user.handle}`}
                  >
                    Remove
                  </Button>
                }
              />
            ))}
          </ul>
        )}
      </QueryState>
    </Card>
  );
}
