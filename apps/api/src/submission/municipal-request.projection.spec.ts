import { RecordedEvent } from '@grants/event-store';
import { evolveMunicipalRequest, MunicipalRequestRow } from './municipal-request.projection';

function event(position: number, streamId: string, type: string, data: object): RecordedEvent {
  return {
    eventId: `e${position}`,
    position: BigInt(position),
    streamId,
    streamVersion: BigInt(position),
    type,
    schemaVersion: 1,
    data: JSON.parse(JSON.stringify(data)),
    metadata: { actorId: 'a', actorRole: 'insurer', organisationCode: '242055', commandId: `c${position}` },
    recordedAt: new Date(Date.UTC(2024, 7, 1, 0, 0, position)),
  };
}
const asked = (position: number, suishinYen: string, streamId = 'submission-FY2024-242055') =>
  event(position, streamId, 'MunicipalAmountsRequested', { fiscalYear: 'FY2024', insurerCode: '242055', suishinYen, shienYen: '0', draftTrialNumber: 1, requestedAt: '2024-08-01T00:00:00.000Z' });

describe('municipal request projection (pure)', () => {
  it('holds the latest request of an insurer, as the submission decider folds it', () => {
    const first = evolveMunicipalRequest(null, asked(3, '1500000'));
    expect(first).toEqual<MunicipalRequestRow>({ fiscalYear: 'FY2024', insurerCode: '242055', suishinYen: '1500000', shienYen: '0', draftTrialNumber: 1, requestedAt: '2024-08-01T00:00:00.000Z', position: '3' });
    expect(evolveMunicipalRequest(first, asked(7, '1400000'))).toMatchObject({ suishinYen: '1400000', position: '7' });
  });

  it('ignores an event delivered twice, other events of the stream and other streams', () => {
    const row = evolveMunicipalRequest(null, asked(7, '1400000'));
    expect(evolveMunicipalRequest(row, asked(3, '1500000'))).toBe(row);
    expect(evolveMunicipalRequest(row, event(9, 'submission-FY2024-242055', 'SubmissionSubmitted', { fiscalYear: 'FY2024', insurerCode: '242055', submittedAt: '2024-08-01T00:00:00.000Z' }))).toBe(row);
    expect(evolveMunicipalRequest(null, asked(4, '1', 'register-FY2024'))).toBeNull();
  });
});
