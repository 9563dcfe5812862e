-- 031_fund_receipt: receipts (biên nhận) for donations, numbered without gaps per fund per year
-- by the numbering registers (kind 'receipt', owner 'fund:<id>', the donation's year): the
-- number is taken inside the transaction that stores the receipt, so a rolled-back receipt gives
-- its number back. One receipt per donation.
CREATE TABLE donation_receipt (
  id          INTEGER PRIMARY KEY,
  donation_id INTEGER NOT NULL UNIQUE REFERENCES donation(id),
  fund_id     INTEGER NOT NULL REFERENCES fund(id),
  year        INTEGER NOT NULL,
  number      INTEGER NOT NULL,
  issued_at   TEXT NOT NULL,
  issued_by   TEXT NOT NULL,
  UNIQUE (fund_id, year, number)
);
