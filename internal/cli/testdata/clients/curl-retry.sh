#!/bin/sh
# A deliberately naive client for the check tests: curl's own --retry,
# which retries 408, 429 and 5xx (whatever the body says) after Retry-After
# or 1 s, 2 s, 4 s without jitter, and sleeps as long as Retry-After says.
set -e
key=""
if [ -n "$ERRSCOPE_IDEMPOTENCY_KEY" ]; then key="Idempotency-Key: $ERRSCOPE_IDEMPOTENCY_KEY"; fi
exec curl -sS -o /dev/null --fail --retry 2 -X "${ERRSCOPE_METHOD:-GET}" ${key:+-H "$key"} \
	-d '{"prompt":"x"}' "$ERRSCOPE_URL/v1/generate"
