import { CHAT_BLOCKED_TERMS_MAX, checkBlockedTerm, type FramecastClient, type Viewer } from '@framecast/client';
import { Alert, Button, Card, chatApiErrorText, QueryState, Skeleton, TextField, XIcon } from '@framecast/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { blockedTermsQuery, refreshAfterChange } from './chat.queries.js';

/** How blocked terms match, in words: the rule `checkBlockedTerm` and the chat module apply. */
export const WILDCARD_RULE =
  'Whole words match, whatever their case: “bad” blocks “Bad” but not “badge”. A * at the start or end of a word lets it run on: “bad*” also blocks “badge”, “*bad” blocks “notbad”. A * inside a word is not allowed.';

/** Words and phrases the room refuses: added with instant feedback from the shared rule, removed from the list. */
export function BlockedTermsSection({
  client,
  handle,
  viewer,
}: {
  client: FramecastClient;
  handle: string;
  viewer: Viewer;
}) {
  const queryClient = useQueryClient();
  const options = blockedTermsQuery(client, handle, viewer);
  const terms = useQuery(options);
  const [typed, setTyped] = useState('');
  const checked = typed.trim() === '' ? null : checkBlockedTerm(typed);
  const refresh = () => refreshAfterChange(queryClient, handle, viewer, 'blocked-terms');
  const add = useMutation({
    mutationFn: (term: string) => client.chat.blockedTerms.add(handle, term),
    onSuccess: () => {
      setTyped('');
      return refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => client.chat.blockedTerms.remove(handle, id),
    onSuccess: refresh,
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (checked?.ok) add.mutate(checked.term);
  };

  return (
    <Card className="flex flex-col gap-4 p-5">
      <div className="flex flex-col gap-1">
        <h2 className="text-lg font-bold text-fg">Blocked terms</h2>
        <p className="text-sm text-muted">Messages containing one of these are not sent.</p>
      </div>
      <form onSubmit={submit} className="flex items-start gap-2" noValidate>
        <div className="flex-1">
          <TextField
            label="Term to block"
            name="term"
            autoComplete="off"
            placeholder="spoiler*"
            value={typed}
            onChange={(e) => {
              setTyped(e.target.value);
              add.reset();
            }}
            hint={
              checked?.ok && checked.term !== typed.trim()
                ? `Blocks “${checked.term}”. ${WILDCARD_RULE}`
                : WILDCARD_RULE
            }
            error={checked && !checked.ok ? checked.message : add.isError ? chatApiErrorText(add.error) : null}
          />
        </div>
        <Button type="submit" variant="secondary" className="mt-6.5" loading={add.isPending} disabled={!checked?.ok}>
          Block
        </Button>
      </form>
      {remove.isError && <Alert tone="error">{chatApiErrorText(remove.error)}</Alert>}
      <QueryState
        query={terms}
        errorTitle="The blocked terms could not be loaded"
        loading={
          <div role="status" aria-label="Loading the blocked terms" className="flex flex-wrap gap-2">
            <Skeleton className="h-7 w-20 rounded-full" />
            <Skeleton className="h-7 w-28 rounded-full" />
          </div>
        }
        isEmpty={(items) => items.length === 0}
        empty={<p className="text-sm text-subtle">No terms are blocked.</p>}
      >
        {(items) => (
          <div className="flex flex-col gap-2">
            <ul aria-label="Blocked terms" className="flex flex-wrap gap-2">
              {items.map((term) => (
                <li
                  key={term.id}
                  className="flex items-center gap-1 rounded-full border border-line bg-raised py-1 pr-1 pl-3 text-sm text-fg"
                >
                  <span className="font-mono">{term.term}</span>
                  <button
                    type="button"
                    aria-label={`Unblock “${term.term}”`}
                    disabled={remove.isPending && remove.variables === term.id}
                    onClick={() => remove.mutate(term.id)}
                    className="flex size-6 items-center justify-center rounded-full text-muted hover:bg-overlay hover:text-fg disabled:opacity-50"
                  >
                    <XIcon className="size-3.5" />
                  </button>
                </li>
              ))}
            </ul>
            <p className="text-xs text-subtle">{`${items.length} of ${CHAT_BLOCKED_TERMS_MAX} terms`}</p>
          </div>
        )}
      </QueryState>
    </Card>
  );
}
