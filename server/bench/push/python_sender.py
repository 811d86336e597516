"""Python's pywebpush in the push benchmark: sends the messages our sender sent (JOBS file)
to the same receiver from CONCURRENCY threads, each with its own keep-alive session, and
prints one JSON line. Run by run.sh (REQUESTS_CA_BUNDLE trusts the receiver)."""
import json
import os
import resource
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pywebpush
import requests
from importlib.metadata import version

jobs_file, receiver = sys.argv[1], sys.argv[2]
concurrency = int(os.environ.get("CONCURRENCY", "32"))
with open(jobs_file, encoding="utf-8") as f:
    data = json.load(f)
jobs = data["jobs"]
local = threading.local()


def session():
    if not hasattr(local, "session"):
        local.session = requests.Session()
        adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=1)
        local.session.mount("https://", adapter)
    return local.session


failed = 0


def send(job):
    global failed
    try:
        pywebpush.webpush(
            {"endpoint": job["endpoint"], "keys": {"p256dh": job["p256dh"], "auth": job["auth"]}},
            data=job["payload"],
            vapid_private_key=data["vapid_private"],
            vapid_claims={"sub": "mailto:bench@example.org"},
            ttl=job["ttl"],
            headers={"Urgency": "normal", "Topic": job["topic"]},
            content_encoding="aes128gcm",
            requests_session=session(),
        )
    except Exception:  # counted, as the other senders do
        failed += 1


def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


due = time.time() + 1.0
requests.post(f"{receiver}/reset?due_ms={int(due * 1000)}")
time.sleep(max(0.0, due - time.time()))
before = cpu()
with ThreadPoolExecutor(max_workers=concurrency) as pool:
    list(pool.map(send, jobs))
used = cpu() - before
stats = requests.get(f"{receiver}/stats").json()
seconds = (stats["last_ms"] - stats["due_ms"]) / 1000
print(json.dumps({
    "sender": f"pywebpush {version('pywebpush')}",
    "count": stats["count"], "failed": failed, "seconds": seconds, "per_second": len(jobs) / seconds,
    "p50_ms": stats["p50_ms"], "p99_ms": stats["p99_ms"],
    "sender_cpu_seconds": used, "receiver_cpu_seconds": stats["cpu_seconds"],
}))
