"""Schemathesis hooks (loaded through SCHEMATHESIS_HOOKS): a manufacturing event is signed
over the exact bytes sent, with the secret of an integration made for the run
(VTV_WEBHOOK_SECRET), so that generated events reach the handler instead of stopping at the
signature check. Each call gets a fresh webhook-id and the current time."""
import base64
import hashlib
import hmac
import json
import os
import random
import time
import uuid

import schemathesis

WEBHOOK_PATH = "/api/v1/integrations/manufacturing-events"
SUBMIT_PATH = "/api/checkins/submit"
# Most generated cases are given a real patient, questionnaire or order, so that they get
# past "not found" into the checks behind it.
QUESTIONNAIRES = ["symptom-diary", "phq-9", "phq-4", "gad-7", "goals", "caregiver-observation"]
PICK = random.Random(16)


def _realistic(path, body):
    if not isinstance(body, dict) or PICK.random() < 0.3:
        return
    if path == SUBMIT_PATH and isinstance(body.get("submission"), dict):
        body["submission"]["patient_id"] = int(os.environ["VTV_PATIENT_ID"])
        if PICK.random() < 0.8:
            body["submission"]["questionnaire"] = PICK.choice(QUESTIONNAIRES)
    if path == WEBHOOK_PATH:
        body["order_reference"] = PICK.choice(os.environ["VTV_ORDER_REFERENCES"].split(","))


def _key(secret: str) -> bytes:
    encoded = secret[len("whsec_"):] if secret.startswith("whsec_") else secret
    return base64.b64decode(encoded)


@schemathesis.hook
def before_call(context, case, kwargs):
    _realistic(case.operation.path, case.body)
    if case.operation.path != WEBHOOK_PATH:
        return
    secret = os.environ["VTV_WEBHOOK_SECRET"]
    if isinstance(case.body, (bytes, bytearray)):
        body = bytes(case.body)
    elif case.body is None or type(case.body).__name__ == "NotSet":
        body = b""
    else:
        body = json.dumps(case.body).encode()
    message_id = f"msg_{uuid.uuid4().hex}"
    timestamp = str(int(time.time()))
    signed = message_id.encode() + b"." + timestamp.encode() + b"." + body
    tag = base64.b64encode(hmac.new(_key(secret), signed, hashlib.sha256).digest()).decode()
    case.headers = {
        **(case.headers or {}),
        "webhook-id": message_id,
        "webhook-timestamp": timestamp,
        "webhook-signature": f"v1,{tag}",
        "content-type": "application/json",
    }
    # The bytes signed are the bytes sent.
    kwargs["data"] = body
