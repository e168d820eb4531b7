-- login_throttles is now keyed by HMAC-SHA-256(LOCKOUT_SECRET, email) instead of a plain SHA-256,
-- which anyone holding a list of addresses could reverse. Old keys can never match again: the
-- counters simply restart (a lockout in progress ends early, once).
DELETE FROM "login_throttles";
