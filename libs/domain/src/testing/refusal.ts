import { DomainError } from '../domain-error';

/** Runs a decision that must be refused and returns the refusal (for given/when/then tests). */
export function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected the command to be refused');
}
