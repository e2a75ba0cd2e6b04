import { describe, expect, it } from 'vitest';
import { appendPage, type PagedListAction, pagedListReducer, startedList } from './paged-list.reducer.js';

interface Item {
  id: string;
  name?: string;
}

const items = (...ids: string[]): Item[] => ids.map((id) => ({ id }));
const reduce = (actions: PagedListAction<Item>[]) => actions.reduce(pagedListReducer<Item>, startedList<Item>());
const first = (run: number, ids: string[], nextCursor: string | null): PagedListAction<Item> => ({
  type: 'page',
  run,
  after: null,
  page: { items: items(...ids), nextCursor },
});

describe('pagedListReducer', () => {
  it('shows the first page, then appends the next one from where the list ends', () => {
    const state = reduce([
      { type: 'start', run: 1 },
      first(1, ['a', 'b'], 'c1'),
      { type: 'more', run: 1 },
      { type: 'page', run: 1, after: 'c1', page: { items: items('c', 'd'), nextCursor: null } },
    ]);
    expect(state).toMatchObject({ status: 'ready', cursor: null, loadingMore: false, moreError: null });
    expect(state.items.map((item) => item.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('says loading while the next page is on its way', () => {
    const state = reduce([{ type: 'start', run: 1 }, first(1, ['a'], 'c1'), { type: 'more', run: 1 }]);
    expect(state.loadingMore).toBe(true);
  });

  it('fails the list when the first page fails, and starts clean again', () => {
    const failed = reduce([
      { type: 'start', run: 1 },
      { type: 'failed', run: 1, after: null, error: 'offline' },
    ]);
    expect(failed).toMatchObject({ status: 'error', error: 'offline', items: [] });
    expect(pagedListReducer(failed, { type: 'start', run: 2 })).toEqual(startedList(2));
  });

  it('keeps the items shown when a later page fails, and clears the error on the next try', () => {
    const failed = reduce([
      { type: 'start', run: 1 },
      first(1, ['a'], 'c1'),
      { type: 'more', run: 1 },
      { type: 'failed', run: 1, after: 'c1', error: 'offline' },
    ]);
    expect(failed).toMatchObject({ status: 'ready', cursor: 'c1', loadingMore: false, moreError: 'offline' });
    expect(failed.items).toEqual(items('a'));
    expect(pagedListReducer(failed, { type: 'more', run: 1 })).toMatchObject({ loadingMore: true, moreError: null });
  });

  it('drops answers to an earlier start, so a new sort never shows the previous list', () => {
    const state = reduce([{ type: 'start', run: 1 }, { type: 'start', run: 2 }, first(1, ['old'], 'x')]);
    expect(state).toEqual(startedList(2));
    const afterFailure = reduce([
      { type: 'start', run: 1 },
      { type: 'start', run: 2 },
      { type: 'failed', run: 1, after: null, error: 'late' },
    ]);
    expect(afterFailure.status).toBe('loading');
  });

  it('takes one page once when it is asked for twice', () => {
    const twice = reduce([
      { type: 'start', run: 1 },
      first(1, ['a'], 'c1'),
      { type: 'more', run: 1 },
      { type: 'more', run: 1 },
      { type: 'page', run: 1, after: 'c1', page: { items: items('b'), nextCursor: 'c2' } },
      { type: 'page', run: 1, after: 'c1', page: { items: items('b'), nextCursor: 'c2' } },
    ]);
    expect(twice.items).toEqual(items('a', 'b'));
    expect(twice).toMatchObject({ cursor: 'c2', loadingMore: false });
    // A late answer for an earlier cursor does not move the list back.
    const late = pagedListReducer(pagedListReducer(twice, { type: 'more', run: 1 }), {
      type: 'page',
      run: 1,
      after: 'c1',
      page: { items: items('b'), nextCursor: 'c2' },
    });
    expect(late).toMatchObject({ cursor: 'c2', loadingMore: true });
  });

  it('asks for no more pages when there are none or the first has not come', () => {
    const loading = reduce([
      { type: 'start', run: 1 },
      { type: 'more', run: 1 },
    ]);
    expect(loading.loadingMore).toBe(false);
    const done = reduce([{ type: 'start', run: 1 }, first(1, ['a'], null), { type: 'more', run: 1 }]);
    expect(done.loadingMore).toBe(false);
  });

  it('replaces a changed item in place', () => {
    const state = reduce([
      { type: 'start', run: 1 },
      first(1, ['a', 'b'], null),
      { type: 'replace', item: { id: 'b', name: 'followed' } },
    ]);
    expect(state.items).toEqual([{ id: 'a' }, { id: 'b', name: 'followed' }]);
  });
});

describe('appendPage', () => {
  it('skips items already shown, keeping the order of both pages', () => {
    expect(appendPage(items('a', 'b'), items('b', 'c', 'a', 'd'))).toEqual(items('a', 'b', 'c', 'd'));
  });
});
