import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, planPage, toConnection } from './graphql.connection.js';

const items = (...names: string[]) => names;

describe('planPage', () => {
  it('asks for the first page at the size wanted', () => {
    expect(planPage({})).toEqual({ cursor: undefined, limit: 20, skip: 0, first: 20 });
    expect(planPage({ first: 5, after: null })).toEqual({ cursor: undefined, limit: 5, skip: 0, first: 5 });
  });

  it('goes on after an edge: the page it came from, past the items already given', () => {
    expect(planPage({ first: 3, after: encodeCursor('m1', 2) })).toEqual({ cursor: 'm1', limit: 5, skip: 2, first: 3 });
    expect(planPage({ first: 50, after: encodeCursor(null, 10) })).toEqual({
      cursor: undefined,
      limit: 50,
      skip: 10,
      first: 50,
    });
  });

  it('refuses a size out of range and a cursor it did not write', () => {
    for (const first of [0, 51, -1]) {
      expect(() => planPage({ first })).toThrow(GraphQLError);
    }
    for (const after of ['', 'nope', encodeCursor('m', 51), Buffer.from('{"a":1}').toString('base64url')]) {
      expect(() => planPage({ after }), after).toThrow(/cursor is not valid/);
    }
    expect(() => decodeCursor(Buffer.from(JSON.stringify(['', 0])).toString('base64url'))).toThrow(GraphQLError);
  });
});

describe('toConnection', () => {
  it('gives each edge a cursor to go on from, the last one on to the next page', () => {
    const plan = planPage({ first: 3 });
    const connection = toConnection(plan, { items: items('a', 'b', 'c'), nextCursor: 'm2' });
    expect(connection.edges.map((e) => [e.node, decodeCursor(e.cursor)])).toEqual([
      ['a', { cursor: null, offset: 1 }],
      ['b', { cursor: null, offset: 2 }],
      ['c', { cursor: 'm2', offset: 0 }],
    ]);
    expect(connection.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: connection.edges[0]?.cursor,
      endCursor: connection.edges[2]?.cursor,
    });
  });

  it('skips what was given before the cursor, and ends where the module ends', () => {
    const plan = planPage({ first: 2, after: encodeCursor('m1', 1) });
    const connection = toConnection(plan, { items: items('b', 'c', 'd'), nextCursor: null });
    expect(connection.edges.map((e) => e.node)).toEqual(['c', 'd']);
    expect(decodeCursor(connection.pageInfo.endCursor ?? '')).toEqual({ cursor: 'm1', offset: 3 });
    expect(connection.pageInfo.hasNextPage).toBe(false);
  });

  it('answers an empty page with no cursors, or one to go on from when the module has more', () => {
    expect(toConnection(planPage({}), { items: [], nextCursor: null }).pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: null,
      endCursor: null,
    });
    const past = toConnection(planPage({ first: 2, after: encodeCursor('m1', 3) }), {
      items: items('a', 'b', 'c'),
      nextCursor: 'm2',
    });
    expect(past.edges).toEqual([]);
    expect(past.pageInfo.hasNextPage).toBe(true);
    expect(decodeCursor(past.pageInfo.endCursor ?? '')).toEqual({ cursor: 'm2', offset: 0 });
  });
});
