import { DomainError } from '../domain-error';
import { Decider, DomainEvent } from '../decider/decider';

/**
 * Given / when / then for deciders (Emmett's `DeciderSpecification`): events that happened, the command, and the
 * events it must produce, nothing, or the refusal it must raise.
 *
 *   given([opened]).when(advance('submissions_closed')).then([{ type: 'FiscalYearPhaseAdvanced', … }])
 */
export function deciderSpecification<State, Command, Event extends DomainEvent>(decider: Decider<State, Command, Event>) {
  return {
    given: (events: readonly Event[]) => {
      const state = events.reduce(decider.evolve, decider.initialState);
      return {
        when: (command: Command) => {
          const run = () => decider.decide(command, state);
          return {
            /** The events produced, compared with `toEqual`; or a function that inspects them. */
            then: (expected: readonly Event[] | ((events: readonly Event[]) => void)) => {
              const produced = run();
              if (typeof expected === 'function') expected(produced);
              else expect(produced).toEqual(expected);
              return produced;
            },
            thenNothingHappened: () => expect(run()).toEqual([]),
            /** The refusal: its stable code, and where given its kind and the field it names. */
            thenThrows: (code: string, kind?: DomainError['kind'], field?: string): DomainError => {
              let caught: unknown;
              try {
                run();
              } catch (error) {
                caught = error;
              }
              expect(caught).toBeInstanceOf(DomainError);
              expect(caught).toMatchObject({ code, ...(kind && { kind }), ...(field && { field }) });
              return caught as DomainError;
            },
          };
        },
      };
    },
  };
}
