-- 038_statement_line_day.sql: the statement import's check reads what the fund already holds one
-- day at a time, in memory (src/fund/statement.c, load_day), instead of two indexed queries per
-- line (a million-line statement made two million look-ups).
-- 1. A line's key begins with its day and time ("2024-09-10 00:54:05|<sha>#<occurrence>"), so
--    the keys of a day are one range of the unique index (fund_id, line_key), and the keys of a
--    statement in time order are written at the end of the index (ranges in byte order: a
--    PostgreSQL backend declares line_key COLLATE "C"). The keys written before keep
--    their hash and occurrence after the same prefix; a line's day and time are its donation's
--    (a new line made the donation; a matched line matched exactly that day and time).
UPDATE donation_line
   SET line_key = (SELECT d.given_on || ' ' || coalesce(d.given_time, '') FROM donation d WHERE d.id = donation_line.donation_id)
                  || '|' || line_key
 WHERE line_key NOT LIKE '%|%';
-- 2. The match rule's look-up (a day's timed transfers) is served by donation_fund_on (sql/035):
--    the five-column index it used is gone, one index fewer to write per donation.
DROP INDEX donation_fund_day;
-- 3. Imported transfers have no donor: the donor index holds only donations credited to one
--    (every query of it asks for a donor id).
DROP INDEX donation_donor;
CREATE INDEX donation_donor ON donation(donor_id) WHERE donor_id IS NOT NULL;
