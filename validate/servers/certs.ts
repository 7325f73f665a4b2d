/**
 * Server certificates generated at run time with the system `openssl` (none are committed):
 * self-signed, CN=localhost, subjectAltName DNS:localhost and IP:127.0.0.1, valid 2 days.
 * Same recipe as the measurements (tls-ground-truth.md §1: `openssl req -x509 -newkey rsa:2048|ec
 * -pkeyopt ec_paramgen_curve:P-256`).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { requireParam } from "../../sim/errors.js";

/** Key types the harness can serve. RSA-3072/4096 make an nginx server the bottleneck at rates a Node client can drive. */
export const CERTIFICATE_KEYS = ["ecdsa-p256", "rsa-2048", "rsa-3072", "rsa-4096"] as const;
/** A certificate key type. */
export type CertificateKeyType = (typeof CERTIFICATE_KEYS)[number];

/** A generated certificate: the PEM files and their text. */
export interface Certificate {
  key: CertificateKeyType;
  keyPath: string;
  certPath: string;
  keyPem: string;
  certPem: string;
}

/**
 * Generates (or reuses, if already in `dir`) a certificate of type `key` in directory `dir`
 * (`<key>.key.pem`, `<key>.cert.pem`).
 * @throws RangeError for an unknown key type; Error if openssl fails (its stderr in the message).
 */
export function generateCertificate(dir: string, key: CertificateKeyType): Certificate {
  requireParam((CERTIFICATE_KEYS as readonly string[]).includes(key), "certificate", `one of ${CERTIFICATE_KEYS.join(", ")}`, key);
  const keyPath = join(dir, `${key}.key.pem`);
  const certPath = join(dir, `${key}.cert.pem`);
  if (!existsSync(keyPath) || !existsSync(certPath)) {
    const newkey = key === "ecdsa-p256" ? ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"] : ["-newkey", `rsa:${key.slice(4)}`];
    try {
      execFileSync(
        "openssl",
        ["req", "-x509", ...newkey, "-nodes", "-keyout", keyPath, "-out", certPath, "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        { stdio: ["ignore", "ignore", "pipe"], timeout: 60_000 },
      );
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? "";
      throw new Error(`openssl could not generate a ${key} certificate: ${stderr.trim() || (error as Error).message}`);
    }
  }
  return { key, keyPath, certPath, keyPem: readFileSync(keyPath, "utf8"), certPem: readFileSync(certPath, "utf8") };
}
