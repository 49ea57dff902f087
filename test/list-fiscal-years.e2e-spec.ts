import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { EventStore, ProjectionRunner } from '@grants/event-store';
import { openFiscalYearBody } from './support/fiscal-year';
import { startTestApp, TestApp } from './support/test-app';
import { bearer } from './support/tokens';

/** GET /fiscal-years: the opened years from the fiscal-year view, newest first, as of now or of a point in the log. */
describe('GET /fiscal-years', () => {
  let testApp: TestApp;
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  const admin = bearer('national-admin', 'MHLW', 'admin-1');
  const dueAt = new Date(Date.now() + 30 * 86_400_000);

  beforeAll(async () => {
    testApp = await startTestApp();
    app = testApp.app;
  });
  afterAll(async () => testApp?.close());

  const caughtUp = async () => app.get(ProjectionRunner).waitFor(await app.get(EventStore).headPosition());

  it('lists nothing before a year is opened', async () => {
    expect((await http().get('/fiscal-years').set('Authorization', admin).expect(200)).body).toEqual([]);
  });

  it('lists every opened year newest first with its phase, rule version and deadlines; ?asOf= leaves out a year opened later', async () => {
    await http().post('/fiscal-years').set('Authorization', admin).send(openFiscalYearBody('FY2024', dueAt)).expect(201);
    const afterFirst = (await app.get(EventStore).headPosition()).toString();
    await http().post('/fiscal-years').set('Authorization', admin).send(openFiscalYearBody('FY2025', dueAt)).expect(201);
    await caughtUp();

    const years = (await http().get('/fiscal-years').set('Authorization', bearer('insurer', '242055')).expect(200)).body;
    const opening = openFiscalYearBody('FY2025', dueAt);
    expect(years.map((y: { fiscalYear: string }) => y.fiscalYear)).toEqual(['FY2025', 'FY2024']);
    expect(years[0]).toMatchObject({ phase: 'open', allocationRuleVersion: opening.allocationRuleVersion, deadlines: opening.deadlines, version: '0' });
    // The same year as GET /fiscal-years/{fy} shows it.
    const one = (await http().get('/fiscal-years/FY2024').set('Authorization', admin).expect(200)).body;
    expect(years[1]).toEqual({ fiscalYear: 'FY2024', phase: one.phase, allocationRuleVersion: one.allocationRuleVersion, deadlines: one.deadlines, openedAt: one.openedAt, version: one.version });

    const before = (await http().get(`/fiscal-years?asOf=${afterFirst}`).set('Authorization', admin).expect(200)).body;
    expect(before.map((y: { fiscalYear: string }) => y.fiscalYear)).toEqual(['FY2024']);
  });

  it('shows a phase change', async () => {
    await http()
      .post('/fiscal-years/FY2024/deadlines')
      .set('Authorization', admin)
      .send({ deadline: 'submissionsDueAt', dueAt: new Date(Date.now() + 50).toISOString(), reason: '全保険者の提出を確認したため締め切ります。' })
      .expect(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await http().post('/fiscal-years/FY2024/phase').set('Authorization', admin).send({ to: 'submissions_closed' }).expect(200);
    const years = (await http().get('/fiscal-years').set('Authorization', admin).expect(200)).body;
    expect(years.find((y: { fiscalYear: string }) => y.fiscalYear === 'FY2024')).toMatchObject({ phase: 'submissions_closed', version: '2' });
  });
});
