// A fetch client that retries the way the API's policy asks; run it under
// `go run ./app check --api babysea -- node examples/fetchclient/client.mjs`.
// Plain JavaScript that is also valid TypeScript (Node 18+, browsers).
const base = process.env.ERRSCOPE_URL ?? process.env.BABYSEA_BASE_URL;
const method = process.env.ERRSCOPE_METHOD ?? 'GET';
const key = process.env.ERRSCOPE_IDEMPOTENCY_KEY; // one key for every attempt
const maxAttempts = 3, baseMs = 1000, capMs = 30_000, maxRetryAfterMs = 60_000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Retry-After: delay-seconds or an HTTP-date (measured from the Date header).
function retryAfterMs(res) {
  const v = res.headers.get('retry-after');
  if (v === null) return null;
  if (/^\d+$/.test(v.trim())) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  const now = Date.parse(res.headers.get('date') ?? '') || Date.now();
  return Math.max(0, at - now);
}

for (let attempt = 1; ; attempt++) {
  const headers = { 'content-type': 'application/json' };
  if (key) headers['idempotency-key'] = key;
  let wait, why;
  try {
    const res = await fetch(`${base}/v1/generate`, {
      method, headers, body: method === 'POST' ? '{"prompt":"x"}' : undefined,
    });
    if (res.ok) process.exit(0);
    const body = await res.json().catch(() => ({}));
    const flag = body?.error?.retryable;
    const retryable = typeof flag === 'boolean' ? flag : res.status === 429 || (res.status >= 500 && res.status !== 501);
    why = `HTTP ${res.status}`;
    if (!retryable) break;
    wait = retryAfterMs(res);
    if (wait !== null && wait > maxRetryAfterMs) break; // over the cap: give up, do not sleep
  } catch (err) {
    why = String(err);
    if (method !== 'GET' && !key) break; // the POST may have been done: never resend it unkeyed
    wait = null;
  }
  if (attempt === maxAttempts) break;
  // full jitter: a random wait up to 1 s, 2 s, 4 s … capped at 30 s
  await sleep(wait ?? Math.random() * Math.min(capMs, baseMs * 2 ** (attempt - 1)));
}
console.error('giving up');
process.exit(1);
