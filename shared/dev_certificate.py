"""A self-signed certificate so the proxy can speak HTTPS from the first `docker compose up`.

It is written once into the `tls` volume (never over a certificate already there) and names the
hosts a development machine uses: `localhost`, `proxy` (the compose service the simulator posts to)
and 127.0.0.1. Browsers warn about it; production mounts a real certificate instead (TLS_DIR,
docs/operations.md). Clients that must trust it (the simulator) point SSL_CERT_FILE at `cert.pem`.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

CERT_FILE = "cert.pem"
KEY_FILE = "key.pem"
DNS_NAMES = ("localhost", "proxy")
IP_NAMES = ("127.0.0.1",)


def ensure_dev_certificate(directory: Path, days: int = 825) -> bool:
    """Write `cert.pem` and `key.pem` unless a certificate is already there; True if written."""
    directory.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = directory / CERT_FILE, directory / KEY_FILE
    if cert_path.exists() and key_path.exists():
        return False
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "tsunagari development")])
    now = dt.datetime.now(dt.UTC)
    names: list[x509.GeneralName] = [x509.DNSName(n) for n in DNS_NAMES]
    names += [x509.IPAddress(ipaddress.ip_address(n)) for n in IP_NAMES]
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        # Its own CA, so a client can trust exactly this certificate (SSL_CERT_FILE).
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_path.unlink(missing_ok=True)
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    key_path.chmod(0o400)  # read by nginx's master process, which runs as root
    cert_path.unlink(missing_ok=True)
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    cert_path.chmod(0o444)
    return True
