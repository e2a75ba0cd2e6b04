import type { Cache, Database, Journal, Migrations, ObjectStorage, PubSub } from '@framecast/adapters';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Static, TObject } from 'typebox';
import type { AccountStates } from './account.state.js';
import type { AccessVerifier } from './auth.js';
import type { Config } from './config.js';
import type { ModuleEvents, ModuleJobs, ModuleOutbox } from './messages.js';
import type { RealtimePublisher } from './realtime/realtime.publisher.js';

/** Every module the platform knows. A new module does not compile until the catalog lists it. */
export type ModuleName = 'gateway' | 'user' | 'video' | 'transcoder' | 'live' | 'chat' | 'analytics' | 'notification';

export interface Clock {
  now(): Date;
}

/** What a module gets from the runtime. It never learns which mode it runs in. */
export interface ModuleContext<TSettings = Record<string, unknown>> {
  config: Config;
  /** The module's own settings, read from the environment by its `settings` schema and checked at start. */
  settings: TSettings;
  logger: Logger;
  metrics: Registry;
  db: Database;
  /** Events by type, checked against their schemas when consumed (modules write them through `outbox`). */
  events: ModuleEvents;
  /** Jobs by queue, checked against their schemas when consumed (modules enqueue them through `outbox`). */
  jobs: ModuleJobs;
  cache: Cache;
  pubsub: PubSub;
  /** Ordered, resumable logs followed on every instance (Redis Streams, or memory). */
  journal: Journal;
  storage: ObjectStorage;
  clock: Clock;
  /** Writes events and enqueues jobs in the caller's transaction; the runtime relays them after commit. */
  outbox: ModuleOutbox;
  /** Pushes messages to browsers subscribed to a topic, through every instance's real-time hub. */
  realtime: RealtimePublisher;
  /** Verifies access tokens against the user module's JWKS. */
  auth: AccessVerifier;
  /** Accounts whose tokens must stop working now (deleted, later suspended); checked on every request. */
  accountStates: AccountStates;
  /** Modules served by other processes (microservices mode): their base URL and path prefixes. */
  remotes: ReadonlyMap<ModuleName, RemoteModule>;
}

export interface RemoteModule {
  url: string;
  prefixes: readonly string[];
  sockets: readonly string[];
}

/** A running module. */
export interface Service {
  /**
   * Behaviour of the process's HTTP edge (hooks and plugins such as CORS or rate limits) that applies to every
   * route in the process; registered at the root before any module's routes. Only the gateway has one.
   */
  edge?(app: FastifyInstance): Promise<void>;
  /** HTTP routes, registered on this process's server under their full paths (`/api/auth/login`). */
  routes?(app: FastifyInstance): Promise<void>;
  /** Starts background work (consumers, timers) once every module in the process is initialised. */
  start?(): Promise<void>;
  /** Stops background work: no new jobs, in-flight ones finished or handed back. */
  stop?(): Promise<void>;
  /** False while the module cannot serve (a dependency is down). */
  ready?(): Promise<boolean>;
}

export interface ServiceModule<S extends TObject = TObject, N extends ModuleName = ModuleName> {
  name: N;
  /**
   * The environment variables the module reads, with types, limits and defaults (documented in
   * docs/operations.md). The runtime checks them before anything starts and hands them over as `ctx.settings`.
   */
  settings?: S;
  /** Modules that must be initialised first when they run in the same process. */
  deps: readonly ModuleName[];
  /** Path prefixes the gateway routes to this module (`/api/auth`). */
  prefixes: readonly string[];
  /** WebSocket routes among them (`/api/chat/:handle/ws`): the gateway relays those sockets to the module. */
  sockets?: readonly string[];
  /** The PostgreSQL schema the module owns, and its migrations. */
  schema?: string;
  migrations?: Migrations;
  init(ctx: ModuleContext<Static<S>>): Promise<Service>;
  /** Demo data for `framecast seed`; safe to run twice. */
  seed?(ctx: ModuleContext<Static<S>>): Promise<void>;
}
