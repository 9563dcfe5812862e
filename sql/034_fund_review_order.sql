-- 034_fund_review_order: the review queue is read by keyset in id order (fund_review_page): the
-- open items through fund_review_open (fund_id, state, then the row id), decided ones and the
-- whole queue through this index, so a page reads its rows in order instead of sorting every
-- item of the fund.
CREATE INDEX fund_review_fund ON fund_review(fund_id, id);
