import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CheckpointSigner, parseEd25519PrivateKey } from '@grants/event-store';
import { AppConfig, InvalidConfigError } from '../../config/app-config';

/** The key that signs audit checkpoints, and whether it was made for this run only. */
export interface AuditSigningKey {
  readonly signer: CheckpointSigner;
  readonly ephemeral: boolean;
}

/**
 * The checkpoint signing key from the configuration: `AUDIT_SIGNING_KEY` (the PEM itself; `\n` escapes allowed for
 * one-line environments) or `AUDIT_SIGNING_KEY_FILE` (a path to it), an Ed25519 private key in PKCS #8 PEM
 * (`openssl genpkey -algorithm ed25519`). Never read from or written to the database. In production one is required
 * and start-up is refused without it; in development and tests a key is generated at start, and the caller says that
 * its checkpoints can be verified only with this run's public key (GET /audit/checkpoints lists it).
 */
export function loadAuditSigningKey(config: AppConfig): AuditSigningKey {
  if (config.AUDIT_SIGNING_KEY !== undefined && config.AUDIT_SIGNING_KEY_FILE !== undefined) {
    throw new InvalidConfigError(['AUDIT_SIGNING_KEY, AUDIT_SIGNING_KEY_FILE: give one of them, not both']);
  }
  const variable = config.AUDIT_SIGNING_KEY !== undefined ? 'AUDIT_SIGNING_KEY' : 'AUDIT_SIGNING_KEY_FILE';
  let pem: string | undefined;
  if (config.AUDIT_SIGNING_KEY !== undefined) pem = config.AUDIT_SIGNING_KEY.replace(/\\n/g, '\n');
  if (config.AUDIT_SIGNING_KEY_FILE !== undefined) {
    try {
      pem = readFileSync(config.AUDIT_SIGNING_KEY_FILE, 'utf8');
    } catch (error) {
      throw new InvalidConfigError([`AUDIT_SIGNING_KEY_FILE: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
    }
  }
  if (pem === undefined) {
    if (config.isProduction) {
      throw new InvalidConfigError(['AUDIT_SIGNING_KEY or AUDIT_SIGNING_KEY_FILE: is required when NODE_ENV=production (an Ed25519 private key, PKCS #8 PEM)']);
    }
    return { signer: new CheckpointSigner(generateKeyPairSync('ed25519').privateKey), ephemeral: true };
  }
  try {
    return { signer: new CheckpointSigner(parseEd25519PrivateKey(pem)), ephemeral: false };
  } catch (error) {
    throw new InvalidConfigError([`${variable}: ${(error as Error).message}`]);
  }
}
