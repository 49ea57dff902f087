import { createHash, generateKeyPairSync, KeyObject } from 'node:crypto';
import fc from 'fast-check';
import { checkpointMessage, CheckpointSigner, keyIdOf, parseEd25519PrivateKey, parseEd25519PublicKey, publicKeyPem, SignedCheckpoint, verifyCheckpointSignature } from './checkpoints';

const ed25519 = () => generateKeyPairSync('ed25519');
const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
const head = fc.record({ position: fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }), hash: hex64 });
const time = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true });

describe('signed checkpoints of the chain head', () => {
  const { privateKey, publicKey } = ed25519();
  const signer = new CheckpointSigner(privateKey);

  it('verify with the public key alone, for any head and time', () => {
    fc.assert(
      fc.property(head, time, (h, at) => {
        const checkpoint = signer.sign(h, at);
        expect(checkpoint).toMatchObject({ position: h.position, hash: h.hash, signedAt: at, keyId: signer.keyId });
        expect(verifyCheckpointSignature(publicKey, checkpoint)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('do not verify once the position, the hash, the time or the signature is changed', () => {
    fc.assert(
      fc.property(head, time, hex64, fc.integer({ min: 0, max: 63 }), (h, at, otherHash, byte) => {
        const checkpoint = signer.sign(h, at);
        const signature = Buffer.from(checkpoint.signature, 'base64');
        signature[byte] ^= 0x01;
        const forgeries: SignedCheckpoint[] = [
          { ...checkpoint, position: checkpoint.position + 1n },
          { ...checkpoint, signedAt: new Date(at.getTime() + 1) },
          { ...checkpoint, signature: signature.toString('base64') },
          ...(otherHash === h.hash ? [] : [{ ...checkpoint, hash: otherHash }]),
        ];
        for (const forged of forgeries) expect(verifyCheckpointSignature(publicKey, forged)).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it('do not verify with another key, nor when signed by another key under this key id', () => {
    const other = ed25519();
    const checkpoint = signer.sign({ position: 5n, hash: 'a'.repeat(64) }, new Date('2025-04-01T00:00:00.000Z'));
    expect(verifyCheckpointSignature(other.publicKey, checkpoint)).toBe(false);
    const foreign = new CheckpointSigner(other.privateKey).sign({ position: 5n, hash: 'a'.repeat(64) }, new Date('2025-04-01T00:00:00.000Z'));
    expect(verifyCheckpointSignature(publicKey, { ...foreign, keyId: signer.keyId })).toBe(false);
  });

  it('name their key by the SHA-256 of its DER SubjectPublicKeyInfo', () => {
    const der = publicKey.export({ type: 'spki', format: 'der' });
    expect(signer.keyId).toBe(createHash('sha256').update(der).digest('hex'));
    expect(keyIdOf(parseEd25519PublicKey(publicKeyPem(publicKey)))).toBe(signer.keyId);
  });

  it('sign a fixed text an auditor can rebuild: context line, then canonical JSON of hash, position and time', () => {
    const message = checkpointMessage({ position: 1234n, hash: 'f'.repeat(64), signedAt: new Date('2025-04-01T00:00:00.000Z') });
    expect(message.toString('utf8')).toBe(`grants-audit-checkpoint/v1\n{"hash":"${'f'.repeat(64)}","position":"1234","signedAt":"2025-04-01T00:00:00.000Z"}`);
    expect(() => checkpointMessage({ position: 1n, hash: 'not hex', signedAt: new Date() })).toThrow(/64 lower-case hex/);
  });

  it('take Ed25519 keys only, and never echo a private key in an error', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rsaPem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => parseEd25519PrivateKey(rsaPem)).toThrow(/Ed25519 private key is needed, not rsa/);
    expect(() => parseEd25519PublicKey(rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString())).toThrow(/Ed25519 public key/);
    let message = '';
    try {
      parseEd25519PrivateKey(`${rsaPem.slice(0, 80)}garbage`);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/not a PEM private key/);
    expect(message).not.toContain(rsaPem.slice(30, 60));
    expect(() => new CheckpointSigner(publicKey as KeyObject)).toThrow(/Ed25519 private key/);
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(new CheckpointSigner(parseEd25519PrivateKey(pem)).keyId).toBe(signer.keyId);
  });
});
