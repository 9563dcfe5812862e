-- 035_donation_search_order.sql: indexes whose order is the public search's result order
-- (newest first = id descending), so every query shape reads one page and stops
-- (donation_search in src/fund/donation.c picks the driver per shape).
-- One day: (fund_id, given_on) ends in the row id, so a day's donations come newest first from
-- the index itself; donation_fund_day orders a day by the bank's time stamp instead.
CREATE INDEX donation_fund_on ON donation(fund_id, given_on);
-- A fund newest first: the walk that serves an empty query and a broad range of many distinct
-- values. Deliberately not covering amount and day: a covering index would win the planner's
-- choice for a day's or an amount's run too, and read it from the newest row of the fund.
CREATE INDEX donation_fund_recent ON donation(fund_id, id);
