import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import SwaggerParser from '@apidevtools/swagger-parser';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { EventStore } from '@grants/event-store';
import { API_TITLE } from '../apps/api/src/app.factory';
import { startTestApp, TestApp } from './support/test-app';


describe('the API app on a real PostgreSQL', () => {
  let testApp: TestApp;
  let app: INestApplication;

  beforeAll(async () => {
    testApp = await startTestApp();
    app = testApp.app;
  });

  afterAll(async () => testApp?.close());

  it('reports the database and the event store up on /health', async () => {
    const response = await request(app.getHttpServer()).get('/health').expect(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, eventStore: { status: 'up' } },
    });
  });

  it('serves a valid OpenAPI document with the health paths on /docs-json, and the UI on /docs', async () => {
    const { body } = await request(app.getHttpServer()).get('/docs-json').expect(200);
    // validate() dereferences the document in place, so check a copy.
    await expect(SwaggerParser.validate(structuredClone(body))).resolves.toBeDefined();
    expect(body.openapi).toMatch(/^3\./);
    expect(body.info.title).toBe(API_TITLE);
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/health', '/health/projections']));
    const ui = await request(app.getHttpServer()).get('/docs').expect(200);
    expect(ui.text).toContain('swagger-ui');
  });

  it('answers an unknown route with 404 and a stable code', async () => {
    const response = await request(app.getHttpServer()).get('/no-such-route').expect(404);
    expect(response.body).toEqual({ statusCode: 404, code: 'HTTP.NOT_FOUND', message: expect.stringContaining('Cannot GET /no-such-route') });
  });

  it('refuses a 2 MB JSON body with 413 before any handler runs', async () => {
    const body = JSON.stringify({ padding: 'x'.repeat(2 * 1024 * 1024) });
    const response = await request(app.getHttpServer()).post('/health').set('Content-Type', 'application/json').send(body).expect(413);
    expect(response.body).toMatchObject({ statusCode: 413, code: 'HTTP.PAYLOAD_TOO_LARGE' });
  });

  it('answers malformed JSON with 400 and a stable code', async () => {
    const response = await request(app.getHttpServer()).post('/health').set('Content-Type', 'application/json').send('{"a":').expect(400);
    expect(response.body).toMatchObject({ statusCode: 400, code: 'VALIDATION.MALFORMED_JSON' });
  });

  it('sets security headers and echoes a well-formed request id', async () => {
    const response = await request(app.getHttpServer()).get('/health').set('X-Request-Id', 'trace-123').expect(200);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.headers['x-request-id']).toBe('trace-123');
  });

  it('projects an event appended to the store into stream_catalog, visible on /health/projections', async () => {
    const store = app.get(EventStore);
    const result = await store.append(
      `fiscal_year-FY2026-${randomUUID()}`,
      [{ type: 'FiscalYearOpened', data: { fiscalYear: 'FY2026' } }],
      {
        expectedVersion: 'no_stream',
        metadata: { actorId: 'e2e', actorRole: 'system', organisationCode: 'MHLW', commandId: randomUUID() },
      },
    );
    const position = result.events[result.events.length - 1].position.toString();

    let body: { headPosition: string | null; projections: { name: string; position: string }[] } | undefined;
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(50)) {
      body = (await request(app.getHttpServer()).get('/health/projections').expect(200)).body;
      if (body?.projections.every((p) => p.position === position)) break;
    }
    expect(body).toEqual({
      headPosition: position,
      projections: [
        { name: 'stream_catalog', position },
        { name: 'submission_overview', position },
        { name: 'audit_index', position },
        { name: 'submission_status_history', position },
        { name: 'scores', position },
        { name: 'fiscal_year_view', position },
        { name: 'registered_insurer', position },
        { name: 'calculation_amount', position },
        { name: 'municipal_request', position },
      ],
    });
  });
});

describe('the API app when the event store is down', () => {
  let testApp: TestApp;
  let app: INestApplication;

  beforeAll(async () => {
    testApp = await startTestApp();
    app = testApp.app;
  });

  afterAll(async () => testApp?.close());

  it('answers /health with 503, a stable code and which check failed', async () => {
    await app.get(EventStore).close();
    const response = await request(app.getHttpServer()).get('/health').expect(503);
    expect(response.body).toMatchObject({
      statusCode: 503,
      code: 'HEALTH.CHECK_FAILED',
      details: { status: 'error', info: { database: { status: 'up' } }, error: { eventStore: { status: 'down' } } },
    });
  });
});
