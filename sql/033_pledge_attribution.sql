-- 033_pledge_attribution: a transfer without a donor tied to a pledge becomes the pledging donor's
-- gift (the manager recognised the payment), so the pledge's received sum, the donor's total,
-- tiers and the honour roll agree. This row remembers that the tie gave the donor, so untying a
-- mistaken tie also takes back that attribution and leaves the transfer as it was found.
CREATE TABLE pledge_attribution (
  donation_id INTEGER PRIMARY KEY REFERENCES donation(id),
  pledge_id   INTEGER NOT NULL REFERENCES pledge(id),
  tied_at     TEXT NOT NULL,
  tied_by     TEXT NOT NULL
);
CREATE INDEX pledge_attribution_pledge ON pledge_attribution(pledge_id);
