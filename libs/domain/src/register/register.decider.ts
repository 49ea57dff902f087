import { Decider } from '../decider/decider';
import { Phase } from '../fiscal-year/fiscal-year';
import { evolveRegister, initialRegisterState, InsurersRegistered, RegisterInsurers, registerInsurers, RegisterState } from './register';

/** Registering insurers needs the year's phase (only while it is open) and the time. */
export type RegisterCommand = { readonly type: 'RegisterInsurers'; readonly registration: RegisterInsurers; readonly phase: Phase; readonly now: Date };

/** The fiscal year's register of insurers (`register-FY2024`). */
export const registerDecider: Decider<RegisterState, RegisterCommand, InsurersRegistered> = {
  initialState: initialRegisterState,
  decide: (command, state) => registerInsurers(command.registration, state, command.phase, command.now),
  evolve: evolveRegister,
  eventTypes: ['InsurersRegistered'],
};
