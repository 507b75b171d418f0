"""A certificate authority and a broker certificate for the secured local Kafka, made with the JDK's
``keytool`` (Java is already needed to run Kafka, so this adds no tool and no Python dependency).

The broker's certificate names ``127.0.0.1`` and ``localhost`` (clients verify the host name), is signed
by the CA and lives with its chain in a PKCS#12 keystore the broker reads; clients trust the CA's PEM
file. Each authority has a key of its own, so a second one (``make_authority`` in another folder) is a CA
that did not sign the broker's certificate: what a client given the wrong CA file trusts.
"""

import secrets
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

VALID_DAYS = 30
KEY = ["-keyalg", "EC", "-groupname", "secp256r1"]


def _keytool(*args: str) -> None:
    keytool = shutil.which("keytool")
    if keytool is None:
        raise RuntimeError("`keytool` is not on PATH; it comes with Java: apt-get install openjdk-17-jre-headless")
    done = subprocess.run([keytool, *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"keytool {args[0]} failed: {done.stdout}{done.stderr}")


@dataclass(frozen=True)
class Authority:
    """A CA: its keystore (private key) and its certificate as PEM, the file clients trust."""

    keystore: Path
    password: str
    certificate: Path


@dataclass(frozen=True)
class BrokerKeystore:
    """The broker's key and certificate chain (PKCS#12), for ``ssl.keystore.location``."""

    path: Path
    password: str


def make_authority(folder: Path, name: str = "Social Government Awards local CA") -> Authority:
    """A new CA in ``folder``: ``ca.p12`` (its key) and ``ca.pem`` (its certificate)."""
    folder.mkdir(parents=True, exist_ok=True)
    authority = Authority(folder / "ca.p12", secrets.token_urlsafe(18), folder / "ca.pem")
    for stale in (authority.keystore, authority.certificate):
        stale.unlink(missing_ok=True)
    store = ["-keystore", str(authority.keystore), "-storepass", authority.password, "-storetype", "PKCS12"]
    _keytool("-genkeypair", "-alias", "ca", "-dname", f"CN={name}", *KEY, "-validity", str(VALID_DAYS),
             "-ext", "bc:c", "-ext", "KU=keyCertSign,cRLSign", *store)
    _keytool("-exportcert", "-rfc", "-alias", "ca", "-file", str(authority.certificate), *store)
    return authority


def make_broker_keystore(folder: Path, authority: Authority) -> BrokerKeystore:
    """``broker.p12`` in ``folder``: a key, and its certificate for 127.0.0.1 and localhost signed by
    ``authority``, with the CA's certificate as the rest of the chain."""
    keystore = BrokerKeystore(folder / "broker.p12", secrets.token_urlsafe(18))
    request, signed = folder / "broker.csr", folder / "broker.pem"
    for stale in (keystore.path, request, signed):
        stale.unlink(missing_ok=True)
    store = ["-keystore", str(keystore.path), "-storepass", keystore.password, "-storetype", "PKCS12"]
    ca_store = ["-keystore", str(authority.keystore), "-storepass", authority.password, "-storetype", "PKCS12"]
    _keytool("-genkeypair", "-alias", "broker", "-dname", "CN=localhost", *KEY,
             "-validity", str(VALID_DAYS), *store)
    _keytool("-certreq", "-alias", "broker", "-file", str(request), *store)
    _keytool("-gencert", "-alias", "ca", "-infile", str(request), "-outfile", str(signed), "-rfc",
             "-validity", str(VALID_DAYS), "-ext", "SAN=ip:127.0.0.1,dns:localhost",
             "-ext", "KU=digitalSignature", "-ext", "EKU=serverAuth,clientAuth", *ca_store)
    _keytool("-importcert", "-noprompt", "-alias", "ca", "-file", str(authority.certificate), *store)
    _keytool("-importcert", "-alias", "broker", "-file", str(signed), *store)
    request.unlink()
    return keystore
