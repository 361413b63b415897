"""The add-on's secrets: signed QR tokens, terminal keys, pairing codes, card numbers.

No secret is written in the code: the QR signing key is derived from the site's own
secret (``lanta.secret`` / ``lanta.secret_file`` / ``$LANTA_SECRET``), under a label of
its own so that a QR token can never be mistaken for a session cookie. Terminal keys
and pairing codes are kept as SHA-256 digests only: keys are 256 random bits, so a
plain digest is enough (no slow hash needed), and codes live for minutes.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

QR_KEY_LABEL = b"lanta_vip qr-token v1"
KEY_PREFIX = "lvt_"
# Crockford's base32 without I, L, O, U: a code read aloud or typed on a tablet.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10  # 50 bits: guessing one within its lifetime is out of reach
NUMBER_LENGTH = 9  # eight random digits and a check digit
_SIG_CHARS = 22  # 16 bytes of HMAC-SHA256, base64url without padding

_TOKEN = re.compile(r"^(\d{9})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22})$")


def qr_key_from_secret(site_secret: str) -> bytes:
    """The QR signing key of a site, derived from its secret."""
    if not site_secret:
        raise ValueError("the site secret is empty")
    return hmac.new(site_secret.encode(), QR_KEY_LABEL, hashlib.sha256).digest()


def qr_key_for(settings) -> bytes:
    """The QR signing key of the site whose core settings (``lanta_settings``, read by
    pages, the API and the command line alike) are given."""
    return qr_key_from_secret(settings.secret)


def _signature(qr_key: bytes, number: str, nonce: str) -> str:
    mac = hmac.new(qr_key, f"{number}.{nonce}".encode(), hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def new_nonce() -> str:
    return secrets.token_urlsafe(12)


def sign_token(qr_key: bytes, number: str, nonce: str) -> str:
    """``NUMBER.NONCE.SIGNATURE``: what the card's QR code holds."""
    return f"{number}.{nonce}.{_signature(qr_key, number, nonce)}"


def looks_like_token(value: str) -> bool:
    return "." in value


def verify_token(qr_key: bytes, token: str) -> tuple[str, str] | None:
    """``(number, nonce)`` of a token whose signature holds, else None."""
    match = _TOKEN.match(token.strip())
    if match is None:
        return None
    number, nonce, signature = match.groups()
    if not hmac.compare_digest(signature, _signature(qr_key, number, nonce)):
        return None
    return number, nonce


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def new_terminal_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def new_pairing_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_pairing_code(code: str) -> str:
    """What a person typed, as stored: upper case, no spaces or dashes, O read as 0."""
    cleaned = re.sub(r"[\s-]", "", code or "").upper()
    return cleaned.replace("O", "0").replace("I", "1").replace("L", "1")


def format_pairing_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


# --- printed card numbers ---------------------------------------------------------------


def luhn_digit(digits: str) -> str:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:  # doubled, counting from the digit next to the check digit
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def new_card_number() -> str:
    body = str(secrets.randbelow(9 * 10 ** 7) + 10 ** 7)  # no leading zero to lose
    return body + luhn_digit(body)


def normalise_card_number(value: str) -> str | None:
    """The number typed (spaces and dashes allowed) if it is well formed, else None."""
    digits = re.sub(r"[\s-]", "", value or "")
    if len(digits) != NUMBER_LENGTH or not digits.isdigit():
        return None
    return digits if luhn_digit(digits[:-1]) == digits[-1] else None


def looks_like_card_number(value: str) -> bool:
    digits = re.sub(r"[\s-]", "", value or "")
    return len(digits) == NUMBER_LENGTH and digits.isdigit()


def format_card_number(number: str) -> str:
    return f"{number[:3]} {number[3:6]} {number[6:]}"


# --- NFC UIDs -------------------------------------------------------------------------------

UID_LENGTHS = (8, 14, 20)  # 4-, 7- and 10-byte UIDs, as hexadecimal


def normalise_uid(value: str) -> str | None:
    """An NFC UID as upper-case hexadecimal without separators, or None."""
    cleaned = re.sub(r"[\s:-]", "", value or "").upper()
    if len(cleaned) not in UID_LENGTHS or re.fullmatch(r"[0-9A-F]+", cleaned) is None:
        return None
    return cleaned
