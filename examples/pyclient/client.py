"""A requests client that retries the way the API's policy asks; run it under
`go run ./app check --api babysea -- python3 examples/pyclient/client.py`."""
import email.utils
import os
import random
import sys
import time

import requests

base = os.environ.get("ERRSCOPE_URL") or os.environ["BABYSEA_BASE_URL"]
method = os.environ.get("ERRSCOPE_METHOD", "GET")
key = os.environ.get("ERRSCOPE_IDEMPOTENCY_KEY")  # one key for every attempt
MAX_ATTEMPTS, BASE, CAP, MAX_RETRY_AFTER = 3, 1.0, 30.0, 60.0


def retry_after(resp):
    """Retry-After in seconds: delay-seconds or an HTTP-date (from Date)."""
    v = resp.headers.get("Retry-After")
    if v is None:
        return None
    if v.strip().isdigit():
        return float(v)
    try:
        at = email.utils.parsedate_to_datetime(v)
        now = email.utils.parsedate_to_datetime(resp.headers["Date"])
        return max(0.0, (at - now).total_seconds())
    except (TypeError, ValueError, KeyError):
        return None


headers = {"Idempotency-Key": key} if key else {}
for attempt in range(1, MAX_ATTEMPTS + 1):
    wait = None
    try:
        r = requests.request(method, base + "/v1/generate", headers=headers,
                             json={"prompt": "x"} if method == "POST" else None, timeout=10)
        if r.ok:
            sys.exit(0)
        try:
            flag = r.json().get("error", {}).get("retryable")
        except (ValueError, AttributeError):
            flag = None
        retryable = flag if isinstance(flag, bool) else r.status_code == 429 or (r.status_code >= 500 and r.status_code != 501)
        if not retryable:
            break
        wait = retry_after(r)
        if wait is not None and wait > MAX_RETRY_AFTER:
            break  # over the cap: give up, do not sleep
    except requests.ConnectionError:
        if method != "GET" and not key:
            break  # the POST may have been done: never resend it unkeyed
    if attempt == MAX_ATTEMPTS:
        break
    # full jitter: a random wait up to 1 s, 2 s, 4 s ... capped at 30 s
    time.sleep(wait if wait is not None else random.uniform(0, min(CAP, BASE * 2 ** (attempt - 1))))
print("giving up", file=sys.stderr)
sys.exit(1)
