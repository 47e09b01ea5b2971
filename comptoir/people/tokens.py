"""Personal API tokens: ``cpt_<prefix>_<secret>``; only a SHA-256 of the whole token is stored."""

import hashlib
import hmac
import secrets

TOKEN_PREFIX = "cpt"


def new_token() -> tuple[str, str, str]:
    """Return (token, prefix, hash)."""
    prefix = secrets.token_hex(5)
    token = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    return token, prefix, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def split_prefix(token: str) -> str | None:
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    return parts[1]


def hashes_match(token: str, stored_hash: str) -> bool:
    return hmac.compare_digest(token_hash(token), stored_hash)
