import { setImmediate as nextTurn } from 'node:timers/promises';
import type { PGlite } from '@electric-sql/pglite';
import type { CompiledQuery, DatabaseConnection, Driver, QueryResult, TransactionSettings } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';

/**
 * PGlite with turns for the rest of the process. PGlite runs each query on this thread, and one query's promise
 * settles into the next without the event loop running in between: work that chains queries (a fan-out's batches,
 * one after another) would hold every socket and timer of the process for as long as it lasts — seconds of a frozen
 * server. Here each query first lets the event loop take a turn (`setImmediate`), so requests, sockets and timers are
 * served between any two statements.
 */
export class TurnTakingPGliteDialect extends PGliteDialect {
  constructor(pglite: PGlite) {
    super(pglite);
  }

  override createDriver(): Driver {
    return new TurnTakingDriver(super.createDriver());
  }
}

class TurnTakingDriver implements Driver {
  readonly #inner: Driver;
  readonly #wrapped = new WeakMap<DatabaseConnection, DatabaseConnection>();
  readonly #unwrapped = new WeakMap<DatabaseConnection, DatabaseConnection>();

  constructor(inner: Driver) {
    this.#inner = inner;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.#inner.acquireConnection();
    let wrapped = this.#wrapped.get(connection);
    if (!wrapped) {
      wrapped = turnTaking(connection);
      this.#wrapped.set(connection, wrapped);
      this.#unwrapped.set(wrapped, connection);
    }
    return wrapped;
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.#inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.rollbackTransaction(connection);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.#inner.releaseConnection(this.#unwrapped.get(connection) ?? connection);
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}

function turnTaking(connection: DatabaseConnection): DatabaseConnection {
  return {
    async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      await nextTurn();
      return connection.executeQuery<R>(query);
    },
    streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
      return connection.streamQuery<R>(query, chunkSize);
    },
  };
}
