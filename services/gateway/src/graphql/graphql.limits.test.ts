import {
  buildSchema,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  parse,
  specifiedRules,
  validate,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { MAX_PAGE_SIZE, measureOperation, queryLimitsRule } from './graphql.limits.js';
import { typeDefs } from './graphql.schema.js';

const schema = buildSchema(typeDefs);

function measure(query: string) {
  const document = parse(query);
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    if (definition.kind === Kind.OPERATION_DEFINITION) operation ??= definition;
  }
  if (!operation) throw new Error('no operation');
  return measureOperation(schema, operation, fragments);
}

describe('measureOperation', () => {
  it('counts the depth of nested fields and one object per object field', () => {
    expect(measure('{ video(id: "x") { id title viewCount channel { handle } } }')).toEqual({ depth: 3, cost: 2 });
    expect(measure('{ video(id: "x") { id } }')).toEqual({ depth: 2, cost: 1 });
  });

  it('multiplies what lies within a connection by its page size, and charges nothing for its structure', () => {
    const query =
      '{ channels(first: 10) { pageInfo { endCursor } edges { cursor node { videos(first: 5) { edges { node { title } } } } } } }';
    // channels 1 + 10 channel nodes + their 10 video connections + 50 video nodes.
    expect(measure(query)).toEqual({ depth: 7, cost: 71 });
  });

  it("counts a page the schema's default size when left out, and the largest when a variable gives it", () => {
    expect(measure('{ videos { edges { node { id } } } }').cost).toBe(1 + 20);
    expect(measure('query($n: Int) { videos(first: $n) { edges { node { id } } } }').cost).toBe(1 + MAX_PAGE_SIZE);
    expect(measure('{ videos(first: 3) { edges { node { channel { id } } } } }').cost).toBe(1 + 3 + 3);
  });

  it('follows fragments and inline fragments, and leaves introspection out', () => {
    const query = `{ ...Q __schema { types { fields { type { ofType { ofType { name } } } } } } }
      fragment Q on Query { video(id: "x") { ... on Video { channel { ...C } } } }
      fragment C on Channel { live { session { channel { handle } } } }`;
    expect(measure(query)).toEqual({ depth: 6, cost: 5 });
  });

  it('stops at a fragment that spreads itself', () => {
    const query = '{ video(id: "x") { ...A } } fragment A on Video { channel { videos { edges { node { ...A } } } } }';
    expect(measure(query)).toEqual({ depth: 5, cost: 1 + 1 + 1 + 20 });
  });
});

describe('queryLimitsRule', () => {
  const check = (query: string) =>
    validate(schema, parse(query), [...specifiedRules, queryLimitsRule({ maxDepth: 4, maxCost: 30 })]);

  it('lets queries within the limits through', () => {
    expect(check('{ videos(first: 10) { edges { node { id } } } }')).toEqual([]);
  });

  it('refuses a query too deep and one too costly, each with its code and numbers', () => {
    const [deep] = check('{ video(id: "x") { channel { live { session { channel { id } } } } } }');
    expect(deep?.message).toBe('The query nests fields 6 deep; at most 4 are allowed.');
    expect(deep?.extensions).toMatchObject({ code: 'query_too_deep', status: 400, depth: 6, maxDepth: 4 });
    const [costly] = check('query Big { videos(first: 40) { edges { node { id } } } }');
    expect(costly?.message).toMatch(/^"Big" may resolve 41 objects; at most 30 are allowed\./);
    expect(costly?.extensions).toMatchObject({ code: 'query_too_costly', cost: 41, maxCost: 30 });
  });
});
