"""Codes that people read aloud, copy from paper and type: tip receipts ("ABCD-EFGH-…"), tip references
("T-…") and registry ids ("HT-…"). One alphabet for all of them, without the look-alikes 0/O, 1/I/L and U/V.

Codes issued before this alphabet was shared (tip receipts and references could hold L and U) stay valid:
they are looked up as typed (upper-cased, separators dropped), never re-spelled."""

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # 30 symbols: about 4.9 bits each


def readable_code(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))
