"""Verifies the hospital webhooks a test receiver got with the Standard Webhooks reference
library (PyPI `standardwebhooks`), not with our own code: each message as sent, then with a
wrong secret and with its body changed by one character, which must both be refused.
Reads {"secret": ..., "messages": [{"id", "timestamp", "signature", "body"}]} on stdin;
prints, per message, what the library answered in each case."""
import json
import sys

from standardwebhooks import Webhook, WebhookVerificationError


def verdict(webhook, body, message):
    headers = {
        "webhook-id": message["id"],
        "webhook-timestamp": message["timestamp"],
        "webhook-signature": message["signature"],
    }
    try:
        return {"ok": True, "payload": webhook.verify(body, headers)}
    except WebhookVerificationError as error:
        return {"ok": False, "why": str(error)}


def main():
    given = json.load(sys.stdin)
    right = Webhook(given["secret"])
    wrong = Webhook("whsec_" + "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=")
    results = []
    for message in given["messages"]:
        body = message["body"]
        tampered = body.replace('"urgent"', '"review"', 1)
        assert tampered != body, "the body names its level"
        results.append({
            "as_sent": verdict(right, body, message),
            "wrong_secret": verdict(wrong, body, message),
            "tampered": verdict(right, tampered, message),
        })
    json.dump(results, sys.stdout)


main()
