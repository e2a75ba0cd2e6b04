import {
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isCompositeType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
  type ValueNode,
} from 'graphql';
import { graphqlError } from './graphql.errors.js';

/** The largest page a connection gives, as the modules' list routes do (`limit` 1–50). */
export const MAX_PAGE_SIZE = 50;

export interface QueryLimits {
  /** Fields nested deepest: `{ video { channel { handle } } }` is 3. */
  maxDepth: number;
  /** Objects the query may resolve at most, counting every item a connection may page in (see `measureOperation`). */
  maxCost: number;
}

export interface QueryMeasure {
  depth: number;
  cost: number;
}

/**
 * How deep an operation goes and what it may cost, before it runs. Pure.
 *
 * Cost counts the objects the query may resolve, each one a look-up a module may answer: every field of an object
 * type costs 1, times the items of the connections it lies within. A connection may page in `first` items (its
 * default when left out, `MAX_PAGE_SIZE` when a variable gives it, whose value validation does not know), so
 * `channels(first: 10) { edges { node { videos(first: 5) { edges { node { title } } } } } }` costs 1 (channels) +
 * 10 (channel nodes) + 10 (their videos connections) + 50 (video nodes) = 71. A connection's structure (`edges`,
 * `pageInfo`) costs nothing, and nor do scalars or introspection (`__typename`, `__schema`: answered from memory).
 */
export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): QueryMeasure {
  const root = operation.operation === 'query' ? schema.getQueryType() : null;
  if (!root) return { depth: 0, cost: 0 };
  return walk(schema, fragments, operation.selectionSet, root, 1, 0, new Set());
}

function walk(
  schema: GraphQLSchema,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  selectionSet: SelectionSetNode,
  parent: GraphQLNamedType,
  items: number,
  depth: number,
  spreading: ReadonlySet<string>,
): QueryMeasure {
  let deepest = depth;
  let cost = 0;
  const add = (measure: QueryMeasure) => {
    deepest = Math.max(deepest, measure.depth);
    cost += measure.cost;
  };
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
      if (type) add(walk(schema, fragments, selection.selectionSet, type, items, depth, spreading));
      continue;
    }
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      // A cycle is reported by graphql's own rules; it must not loop here.
      if (!fragment || spreading.has(name)) continue;
      const type = schema.getType(fragment.typeCondition.name.value);
      if (type) add(walk(schema, fragments, fragment.selectionSet, type, items, depth, new Set([...spreading, name])));
      continue;
    }
    const name = selection.name.value;
    if (name.startsWith('__') || !isObjectType(parent)) continue;
    const field = parent.getFields()[name];
    // An unknown field is reported by graphql's own rules.
    if (!field) continue;
    const type = getNamedType(field.type);
    const level = depth + 1;
    deepest = Math.max(deepest, level);
    if (!selection.selectionSet || !isCompositeType(type)) continue;
    if (!isStructure(type) || isConnection(type)) cost += items;
    let inner = items;
    if (isConnection(type)) {
      const first = field.args.find((arg) => arg.name === 'first');
      const given = selection.arguments?.find((arg) => arg.name.value === 'first')?.value;
      inner = items * pageSize(given, first?.defaultValue);
    }
    add(walk(schema, fragments, selection.selectionSet, type, inner, level, spreading));
  }
  return { depth: deepest, cost };
}

const isConnection = (type: GraphQLNamedType) => type.name.endsWith('Connection');
const isStructure = (type: GraphQLNamedType) =>
  isConnection(type) || type.name.endsWith('Edge') || type.name === 'PageInfo';

function pageSize(given: ValueNode | undefined, fallback: unknown): number {
  if (given?.kind === Kind.INT) return Math.max(0, Number(given.value));
  if (given === undefined && typeof fallback === 'number') return fallback;
  // A variable (or null, which means the default too): the most a page can hold.
  return MAX_PAGE_SIZE;
}

/**
 * A validation rule refusing operations deeper or costlier than `limits`, with one error each naming what was found
 * and what is allowed (`extensions.code`: `query_too_deep`, `query_too_costly`), so nothing of them runs.
 */
export function queryLimitsRule(limits: QueryLimits): ValidationRule {
  return (context) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    return {
      OperationDefinition(node) {
        const { depth, cost } = measureOperation(context.getSchema(), node, fragments);
        const name = node.name ? `"${node.name.value}"` : 'The query';
        if (depth > limits.maxDepth) {
          context.reportError(
            withNode(
              graphqlError(
                'query_too_deep',
                `${name} nests fields ${depth} deep; at most ${limits.maxDepth} are allowed.`,
                { depth, maxDepth: limits.maxDepth },
              ),
              node,
            ),
          );
        }
        if (cost > limits.maxCost) {
          context.reportError(
            withNode(
              graphqlError(
                'query_too_costly',
                `${name} may resolve ${cost} objects; at most ${limits.maxCost} are allowed. Ask for smaller pages or fewer nested lists.`,
                { cost, maxCost: limits.maxCost },
              ),
              node,
            ),
          );
        }
        return false;
      },
    };
  };
}

const withNode = (error: GraphQLError, node: OperationDefinitionNode) =>
  new GraphQLError(error.message, { nodes: [node], extensions: error.extensions });
