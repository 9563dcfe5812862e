-- 007_tokens: API tokens have a bounded lifetime (issue #7). New tokens are refused without an
-- expiry or beyond the setting token.max_days (default 365 days; src/setting.c). A live token
-- made before this rule, without an expiry or with a later one, now expires token.max_days
-- days after this migration runs: it keeps working for that long (no script breaks on the day
-- of the upgrade) and then ends like any other. A stored token.max_days outside 1..3650, or
-- none, means the default, as in setting_int.
-- SQLite date arithmetic (strftime): sql/ is the SQLite schema; a PostgreSQL schema would write
-- this with now() + interval.
UPDATE api_token
   SET expires_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now',
         '+' || coalesce((SELECT CAST(value AS INTEGER) FROM setting
                           WHERE name = 'token.max_days' AND CAST(value AS INTEGER) BETWEEN 1 AND 3650), 365)
             || ' days')
 WHERE revoked = 0
   AND (expires_at IS NULL
        OR expires_at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now',
             '+' || coalesce((SELECT CAST(value AS INTEGER) FROM setting
                               WHERE name = 'token.max_days' AND CAST(value AS INTEGER) BETWEEN 1 AND 3650), 365)
                 || ' days'));
