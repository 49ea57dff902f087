import { ForbiddenException } from '@nestjs/common';
import { PREFECTURES, withCheckDigit } from '@grants/domain';
import { actorProblem, toActor } from './actor';
import { authorize } from './auth.guard';
import { assertInsurerScope, assertPrefectureScope, canActForInsurer, canActForPrefecture } from './scope';

const admin = toActor('a', 'national-admin', 'MHLW');
const reviewer = toActor('r', 'national-reviewer', 'MHLW');
const auditor = toActor('x', 'auditor', 'MHLW');
const mie = toActor('p', 'prefecture', '24');
const kuwana = toActor('k', 'insurer', '242055');

function forbidden(action: () => void): { code: string; message: string; details?: unknown } {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ForbiddenException);
    return (error as ForbiddenException).getResponse() as { code: string; message: string };
  }
  throw new Error('expected a ForbiddenException');
}

describe('actors', () => {
  it('derive the prefecture of prefecture users and insurers only', () => {
    expect(mie).toEqual({ actorId: 'p', role: 'prefecture', organisationCode: '24', prefectureCode: '24' });
    expect(kuwana).toEqual({ actorId: 'k', role: 'insurer', organisationCode: '242055', prefectureCode: '24' });
    expect(admin).toEqual({ actorId: 'a', role: 'national-admin', organisationCode: 'MHLW' });
  });

  it('accept every prefecture 01–47 and refuse others', () => {
    for (const { code } of PREFECTURES) expect(actorProblem('prefecture', code, 'u')).toBeUndefined();
    for (const code of ['00', '48', '1', '001', 'MHLW', '２４']) expect(actorProblem('prefecture', code, 'u')).toBeDefined();
  });

  it('accept insurer codes with a valid check digit in a real prefecture, and no prefecture’s own code', () => {
    expect(actorProblem('insurer', withCheckDigit('01100'), 'u')).toBeUndefined();
    expect(actorProblem('insurer', withCheckDigit('47201'), 'u')).toBeUndefined();
    expect(actorProblem('insurer', withCheckDigit('48201'), 'u')).toMatch(/check digit/);
    expect(actorProblem('insurer', withCheckDigit('24000'), 'u')).toMatch(/prefecture's own code/);
    expect(actorProblem('insurer', '24205', 'u')).toMatch(/6-digit/);
  });

  it('tie national roles and auditors to MHLW', () => {
    for (const role of ['national-admin', 'national-reviewer', 'auditor']) {
      expect(actorProblem(role, 'MHLW', 'u')).toBeUndefined();
      expect(actorProblem(role, '24', 'u')).toMatch(/MHLW/);
    }
  });
});

describe('organisation scope', () => {
  it('lets national roles reach every insurer and prefecture, to read and to write', () => {
    for (const actor of [admin, reviewer]) {
      for (const access of ['read', 'write'] as const) {
        expect(canActForInsurer(actor, '011002', access)).toBe(true);
        expect(canActForPrefecture(actor, '47', access)).toBe(true);
      }
    }
  });

  it('lets auditors read everything and change nothing', () => {
    expect(canActForInsurer(auditor, '011002')).toBe(true);
    expect(canActForPrefecture(auditor, '47', 'read')).toBe(true);
    expect(canActForInsurer(auditor, '011002', 'write')).toBe(false);
    expect(canActForPrefecture(auditor, '47', 'write')).toBe(false);
    expect(forbidden(() => assertInsurerScope(auditor, '242055', 'write')).message).toMatch(/cannot change/);
  });

  it('lets a prefecture reach only itself and its own municipalities', () => {
    expect(canActForInsurer(mie, '242055')).toBe(true);
    expect(canActForInsurer(mie, '242055', 'write')).toBe(true);
    expect(canActForInsurer(mie, '011002')).toBe(false);
    expect(canActForInsurer(mie, '24')).toBe(false);
    expect(canActForPrefecture(mie, '24')).toBe(true);
    expect(canActForPrefecture(mie, '23')).toBe(false);
    expect(canActForPrefecture(mie, '240001')).toBe(false);
  });

  it('lets an insurer reach only itself and no prefecture', () => {
    expect(canActForInsurer(kuwana, '242055')).toBe(true);
    expect(canActForInsurer(kuwana, '242055', 'write')).toBe(true);
    expect(canActForInsurer(kuwana, '242021')).toBe(false);
    expect(canActForPrefecture(kuwana, '24')).toBe(false);
  });

  it('gives each prefecture exactly its own municipalities among all 47', () => {
    for (const { code } of PREFECTURES) {
      const prefecture = toActor('p', 'prefecture', code);
      for (const other of PREFECTURES) {
        const municipality = withCheckDigit(`${other.code}201`);
        expect(canActForInsurer(prefecture, municipality)).toBe(code === other.code);
        expect(canActForPrefecture(prefecture, other.code)).toBe(code === other.code);
      }
    }
  });

  it('refuses out-of-scope access with 403 AUTH.OUT_OF_SCOPE naming both organisations in Japanese and English', () => {
    const insurer = forbidden(() => assertInsurerScope(mie, '011002'));
    expect(insurer).toMatchObject({ code: 'AUTH.OUT_OF_SCOPE', details: { organisationCode: '24', target: '011002', access: 'read' } });
    expect(insurer.message).toContain('三重県 (24) の利用者は 保険者 011002（北海道）');
    expect(insurer.message).toContain('A user of prefecture 24 cannot act for insurer 011002');
    const prefecture = forbidden(() => assertPrefectureScope(kuwana, '24'));
    expect(prefecture.code).toBe('AUTH.OUT_OF_SCOPE');
    expect(prefecture.message).toContain('保険者 242055（三重県）');
    expect(prefecture.message).toContain('三重県 (24)');
    expect(() => assertInsurerScope(kuwana, '242055')).not.toThrow();
    expect(() => assertPrefectureScope(admin, '13', 'write')).not.toThrow();
  });
});

describe('the guard’s authorization step', () => {
  it('refuses auditors every method but GET and HEAD, whatever @Roles allows', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
      expect(forbidden(() => authorize(auditor, method, ['auditor'])).code).toBe('AUTH.AUDITOR_READ_ONLY');
    }
    expect(() => authorize(auditor, 'GET', undefined)).not.toThrow();
    expect(() => authorize(auditor, 'HEAD', ['auditor'])).not.toThrow();
  });

  it('refuses roles outside @Roles with AUTH.ROLE_NOT_ALLOWED and lets anyone through without @Roles', () => {
    expect(forbidden(() => authorize(mie, 'POST', ['national-admin']))).toMatchObject({ code: 'AUTH.ROLE_NOT_ALLOWED', details: { role: 'prefecture' } });
    expect(forbidden(() => authorize(auditor, 'GET', ['national-admin'])).code).toBe('AUTH.ROLE_NOT_ALLOWED');
    expect(() => authorize(mie, 'POST', ['prefecture', 'insurer'])).not.toThrow();
    expect(() => authorize(kuwana, 'DELETE', undefined)).not.toThrow();
  });
});

