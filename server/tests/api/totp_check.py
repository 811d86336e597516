"""Codes of an authenticator app, made by PyPI `pyotp` (not by our code) from the
`otpauth://` address the server gave: reads {"uri": ..., "times": [unix seconds, ...]} on
stdin and prints the address's parameters and the code at each time."""
import json
import sys

import pyotp

given = json.load(sys.stdin)
totp = pyotp.parse_uri(given["uri"])
json.dump(
    {
        "issuer": totp.issuer,
        "name": totp.name,
        "digits": totp.digits,
        "interval": totp.interval,
        "codes": [totp.at(t) for t in given["times"]],
    },
    sys.stdout,
)
