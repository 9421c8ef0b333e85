#!/usr/bin/env python3
"""Independent reference for DingTalk event-callback crypto, used only by the tests.

Written from the logic of DingTalk's published DingCallbackCrypto3.py, but on the
`cryptography` package (OpenSSL) instead of pycrypto, and counting the message length
in UTF-8 bytes (the published sample counts characters, which is wrong for non-ASCII).
Reads a JSON list of operations on stdin and writes a JSON list of results on stdout.
"""
import base64
import hashlib
import json
import struct
import sys

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def aes(key):
    return Cipher(algorithms.AES(key), modes.CBC(key[:16]))


def signature(token, timestamp, nonce, encrypt):
    return hashlib.sha1("".join(sorted([token, timestamp, nonce, encrypt])).encode()).hexdigest()


def encrypt(op):
    key = base64.b64decode(op["aesKey"] + "=")
    msg = op["plaintext"].encode("utf-8")
    body = op["random"].encode() + struct.pack(">I", len(msg)) + msg + op["ownerKey"].encode()
    pad = 32 - len(body) % 32
    body += bytes([pad]) * pad
    enc = aes(key).encryptor()
    out = base64.b64encode(enc.update(body) + enc.finalize()).decode()
    return {"encrypt": out, "signature": signature(op["token"], op["timeStamp"], op["nonce"], out)}


def decrypt(op):
    if signature(op["token"], op["timeStamp"], op["nonce"], op["encrypt"]) != op["signature"]:
        return {"error": "signature"}
    key = base64.b64decode(op["aesKey"] + "=")
    dec = aes(key).decryptor()
    raw = dec.update(base64.b64decode(op["encrypt"])) + dec.finalize()
    pad = raw[-1]
    if pad < 1 or pad > 32:
        return {"error": "padding"}
    raw = raw[:-pad]
    (length,) = struct.unpack(">I", raw[16:20])
    if raw[20 + length:].decode() != op["ownerKey"]:
        return {"error": "owner"}
    return {"plaintext": raw[20:20 + length].decode("utf-8"), "random": raw[:16].decode()}


def main():
    ops = json.load(sys.stdin)
    json.dump([encrypt(op) if op["op"] == "encrypt" else decrypt(op) for op in ops], sys.stdout)


if __name__ == "__main__":
    main()
