/**
 * The shape every stream of the domain shares (Emmett's `Decider`, Oskar Dudycz's deciders): a pure `decide` from a
 * command and the current state to new events, a pure `evolve` that folds one event into the state, and the state of
 * a stream that does not exist yet. Nothing here does I/O; time, actor and facts from other streams come in through
 * the command.
 */
export interface DomainEvent<Type extends string = string, Data extends object = object> {
  /** Stored contract: written out, never derived from a class name (STYLE.md rule 7). */
  readonly type: Type;
  readonly data: Data;
  /** Version of the data's schema; 1 when absent. */
  readonly schemaVersion?: number;
}

export interface Decider<State, Command, Event extends DomainEvent> {
  readonly initialState: State;
  /** The events the command produces on this state; `[]` when it has nothing to do (a repeated command). Throws a DomainError when refused. */
  decide(command: Command, state: State): readonly Event[];
  /** Total and pure: never throws. */
  evolve(state: State, event: Event): State;
  /** Every event type the stream holds: recorded events are narrowed to `Event` by this list at the store boundary. */
  readonly eventTypes: readonly Event['type'][];
}

/** An event as read from any store: a type and plain data, whatever else the store adds. */
export interface StoredEventLike {
  readonly type: string;
  readonly data: object;
}

/**
 * The one place where stored JSON becomes a typed domain event: a type guard built from a list of event types. The
 * data were checked when they were decided and are covered by the hash chain; older schemas are upcast before this.
 */
export function eventGuard<Event extends DomainEvent>(types: readonly Event['type'][]): <T extends StoredEventLike>(event: T) => event is T & Event {
  const known = new Set<string>(types);
  return <T extends StoredEventLike>(event: T): event is T & Event => known.has(event.type);
}

/** Folds recorded events into a decider's state, skipping events of types the stream does not know. */
export function foldEvents<State, Event extends DomainEvent>(
  decider: Pick<Decider<State, unknown, Event>, 'initialState' | 'evolve' | 'eventTypes'>,
  events: Iterable<StoredEventLike>,
  from: State = decider.initialState,
): State {
  const isEvent = eventGuard<Event>(decider.eventTypes);
  let state = from;
  for (const event of events) if (isEvent(event)) state = decider.evolve(state, event);
  return state;
}
