import type { RemoteProps } from '@framecast/client';
import { useMemo } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { useClient } from '../shell.context.js';

/** The props every remote gets, from the shell's router and client. */
export function useRemoteProps(): RemoteProps {
  const client = useClient();
  const routerNavigate = useNavigate();
  const params = useParams();
  const { search } = useLocation();
  return useMemo(
    () => ({
      client,
      navigate: (to: string, options?: { replace?: boolean }) => void routerNavigate(to, options),
      params: Object.fromEntries(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined)),
      search,
    }),
    [client, routerNavigate, params, search],
  );
}
