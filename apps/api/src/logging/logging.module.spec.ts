import { redactUrl, serializeRequest } from './logging.module';

describe('the request log', () => {
  it('never prints a token sent in the query string, in the URL or the parsed query', () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl';
    const logged = serializeRequest({
      id: 'r1',
      method: 'GET',
      url: `/auth/me?x=1&access_token=${token}&ID_TOKEN=${token}#frag`,
      query: { x: '1', access_token: token, ID_TOKEN: token },
      headers: {},
    });
    expect(JSON.stringify(logged)).not.toContain(token);
    expect(logged).toMatchObject({ url: '/auth/me?x=1&access_token=[REDACTED]&ID_TOKEN=[REDACTED]#frag', query: { x: '1', access_token: '[REDACTED]' } });
  });

  it('leaves other query parameters as they are', () => {
    expect(redactUrl('/fiscal-years/FY2024/calculations/latest?code=242055&asOf=12')).toBe('/fiscal-years/FY2024/calculations/latest?code=242055&asOf=12');
  });

  it('never prints the OpenID Connect callback\'s authorization code or state', () => {
    const code = 'SplxlOBeZQQYbYS6WxSbIA';
    const logged = serializeRequest({ id: 'r2', method: 'GET', url: `/auth/oidc/callback?code=${code}&state=abc123`, query: { code, state: 'abc123' }, headers: {} });
    expect(JSON.stringify(logged)).not.toMatch(/SplxlOBeZQQYbYS6WxSbIA|abc123/);
    expect(logged.url).toBe('/auth/oidc/callback?code=[REDACTED]&state=[REDACTED]');
  });
});
