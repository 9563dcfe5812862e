-- 037_fund_review_decision: a person's decision on a review item (issue 11). A statement match
-- queued for review keeps the line's own words (message, reference, sender read from it), so a
-- "distinct transfer" decision can make the line its own donation without the file; who decided,
-- when, why, and the donation a rejected match became. Items queued before this migration have
-- no line words: rejecting one makes a donation with the matched transfer's day, time, amount and
-- bank and says that the line's message was not kept.
ALTER TABLE fund_review ADD COLUMN line_message TEXT;
ALTER TABLE fund_review ADD COLUMN line_reference TEXT;
ALTER TABLE fund_review ADD COLUMN line_sender TEXT;
ALTER TABLE fund_review ADD COLUMN decided_at TEXT;
ALTER TABLE fund_review ADD COLUMN decided_by TEXT;
ALTER TABLE fund_review ADD COLUMN decision_note TEXT;
ALTER TABLE fund_review ADD COLUMN result_donation_id INTEGER REFERENCES donation(id);
