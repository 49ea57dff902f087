import { SIGN_IN_ERRORS } from '../../../../web/src/auth/sign-in-errors';
import { OIDC_REFUSALS, OidcRefusal } from './oidc-refusal';

describe('the sign-in refusals', () => {
  it('are explained on the sign-in page in the very Japanese the service defines, for every code and no other', () => {
    const service = Object.fromEntries(Object.entries(OIDC_REFUSALS).map(([code, [ja]]) => [code, ja]));
    expect(SIGN_IN_ERRORS).toEqual(service);
  });

  it('log the code, the English sentence and the detail', () => {
    expect(new OidcRefusal('AUTH.OIDC_NONCE_MISMATCH', 'nonce abc').logLine).toBe('AUTH.OIDC_NONCE_MISMATCH: The ID token nonce does not match this sign-in. (nonce abc)');
  });
});
