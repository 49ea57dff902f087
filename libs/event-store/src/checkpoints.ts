import { createHash, createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';

/**
 * A signed checkpoint: the chain head at `position` had `hash`, says the holder of the private key whose public key's
 * SHA-256 (of its DER SubjectPublicKeyInfo) is `keyId`, at `signedAt`. Ed25519 over `checkpointMessage`. An auditor
 * checks it with the public key alone: a history re-hashed after the checkpoint no longer has the signed hash there.
 */
export interface SignedCheckpoint {
  readonly position: bigint;
  readonly hash: string;
  readonly signedAt: Date;
  readonly keyId: string;
  /** Ed25519 signature, base64. */
  readonly signature: string;
}

/** Domain separation: a checkpoint signature can never be mistaken for a signature over anything else. */
export const CHECKPOINT_CONTEXT = 'grants-audit-checkpoint/v1';

const HEX_64 = /^[0-9a-f]{64}$/;

/**
 * The signed bytes, UTF-8: `grants-audit-checkpoint/v1`, a line feed, then the RFC 8785 canonical JSON of
 * `{hash, position, signedAt}` (position as decimal text, time as ISO 8601 UTC with milliseconds), e.g.
 * `grants-audit-checkpoint/v1\n{"hash":"9f…","position":"1234","signedAt":"2025-04-01T00:00:00.000Z"}`.
 */
export function checkpointMessage(checkpoint: Pick<SignedCheckpoint, 'position' | 'hash' | 'signedAt'>): Buffer {
  if (!HEX_64.test(checkpoint.hash)) throw new Error('a checkpoint hash is 64 lower-case hex digits');
  if (checkpoint.position < 0n) throw new Error('a checkpoint position is not negative');
  const json = `{"hash":"${checkpoint.hash}","position":"${checkpoint.position}","signedAt":"${checkpoint.signedAt.toISOString()}"}`;
  return Buffer.from(`${CHECKPOINT_CONTEXT}\n${json}`, 'utf8');
}

/** SHA-256 (hex) of the public key's DER SubjectPublicKeyInfo: the key id checkpoints name. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

export function publicKeyPem(publicKey: KeyObject): string {
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

/** An Ed25519 public key from PEM (SubjectPublicKeyInfo); throws a readable error for anything else. */
export function parseEd25519PublicKey(pem: string): KeyObject {
  // createPublicKey would derive the public key from a private one; an auditor's file must not hold the private key.
  if (/PRIVATE KEY/.test(pem)) throw new Error('this is a private key: give the public key (openssl pkey -pubout)');
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    throw new Error(`not a PEM public key: ${(error as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`an Ed25519 public key is needed, not ${key.asymmetricKeyType ?? 'an unknown type'}`);
  return key;
}

/** An Ed25519 private key from PEM (PKCS #8); throws a readable error (never echoing the key) for anything else. */
export function parseEd25519PrivateKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new Error('not a PEM private key (PKCS #8, "-----BEGIN PRIVATE KEY-----")');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`an Ed25519 private key is needed, not ${key.asymmetricKeyType ?? 'an unknown type'}`);
  return key;
}

/** Signs chain heads with one Ed25519 private key, which never leaves the process. */
export class CheckpointSigner {
  readonly publicKey: KeyObject;
  readonly keyId: string;

  constructor(private readonly privateKey: KeyObject) {
    if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') throw new Error('checkpoints are signed with an Ed25519 private key');
    this.publicKey = createPublicKey(privateKey);
    this.keyId = keyIdOf(this.publicKey);
  }

  sign(head: { readonly position: bigint; readonly hash: string }, signedAt: Date): SignedCheckpoint {
    const claim = { position: head.position, hash: head.hash, signedAt: new Date(signedAt.getTime()) };
    const signature = sign(null, checkpointMessage(claim), this.privateKey).toString('base64');
    return { ...claim, keyId: this.keyId, signature };
  }
}

/** True when the checkpoint names this key and its signature over its own claim verifies with it. */
export function verifyCheckpointSignature(publicKey: KeyObject, checkpoint: SignedCheckpoint): boolean {
  if (checkpoint.keyId !== keyIdOf(publicKey)) return false;
  try {
    return verify(null, checkpointMessage(checkpoint), publicKey, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}
