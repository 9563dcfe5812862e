-- 030_fund: fundraising (src/fund/): funds with their accounts, recognition tiers and money paid
-- out; donors; donations and pledges; the statement lines each donation was read from (so a file
-- imported twice adds nothing and an overlapping statement is reconciled); the review queue; and
-- the donation search index. Money is INTEGER đồng; dates ISO; times as written on the statement.

CREATE TABLE fund (
  id             INTEGER PRIMARY KEY,
  code           TEXT UNIQUE,
  name           TEXT NOT NULL,
  name_fold      TEXT NOT NULL,
  purpose        TEXT,
  owner_unit_id  INTEGER NOT NULL REFERENCES unit(id),
  campaign_ref   TEXT,                     -- the campaign's id or code (campaigns are another feature)
  period_from    TEXT,
  period_to      TEXT,
  target_amount  INTEGER NOT NULL DEFAULT 0 CHECK (target_amount >= 0),
  published      INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0,1)),
  created_at     TEXT NOT NULL,
  created_by     TEXT NOT NULL
);
CREATE INDEX fund_owner ON fund(owner_unit_id);

-- Where gifts arrive: bank_bin is the NAPAS bank identifier VietQR needs (6 digits).
CREATE TABLE fund_account (
  id           INTEGER PRIMARY KEY,
  fund_id      INTEGER NOT NULL REFERENCES fund(id),
  bank_bin     TEXT,
  bank_name    TEXT NOT NULL,
  account_no   TEXT NOT NULL,
  account_name TEXT,
  UNIQUE (fund_id, account_no)
);

-- The fund's own policy (thresholds are provincial policy, not law): a donor whose total to the
-- fund (within the tier's period, when it has one) reaches the threshold qualifies.
CREATE TABLE fund_tier (
  id          INTEGER PRIMARY KEY,
  fund_id     INTEGER NOT NULL REFERENCES fund(id),
  threshold   INTEGER NOT NULL CHECK (threshold > 0),
  label       TEXT NOT NULL,
  form_code   TEXT,                        -- a commendation form ("BK_CT_UBND_TINH"), or none
  period_from TEXT,
  period_to   TEXT,
  basis       TEXT,                        -- the decision or plan that set the tier (citation)
  UNIQUE (fund_id, threshold, label)
);

-- Money out (chi).
CREATE TABLE fund_disbursement (
  id         INTEGER PRIMARY KEY,
  fund_id    INTEGER NOT NULL REFERENCES fund(id),
  amount     INTEGER NOT NULL CHECK (amount > 0),
  paid_on    TEXT NOT NULL,
  payee      TEXT NOT NULL,
  purpose    TEXT NOT NULL,
  document   TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX fund_disbursement_fund ON fund_disbursement(fund_id, paid_on);

CREATE TABLE donor (
  id                 INTEGER PRIMARY KEY,
  kind               TEXT NOT NULL CHECK (kind IN ('enterprise','organisation','unit','household','individual')),
  name               TEXT NOT NULL,
  name_fold          TEXT NOT NULL,
  display_name       TEXT,                 -- shown publicly instead of the name
  anonymous          INTEGER NOT NULL DEFAULT 0 CHECK (anonymous IN (0,1)),
  honour_consent     INTEGER NOT NULL DEFAULT 1 CHECK (honour_consent IN (0,1)),
  tax_code           TEXT,
  citizen_id         TEXT,
  account_no         TEXT,
  unit_id            INTEGER REFERENCES unit(id),
  identity_confirmed INTEGER NOT NULL DEFAULT 0 CHECK (identity_confirmed IN (0,1)),
  merged_into        INTEGER REFERENCES donor(id),
  created_at         TEXT NOT NULL
);
CREATE INDEX donor_tax ON donor(tax_code);
CREATE INDEX donor_account ON donor(account_no);
CREATE INDEX donor_fold ON donor(name_fold);

CREATE TABLE pledge (
  id         INTEGER PRIMARY KEY,
  fund_id    INTEGER NOT NULL REFERENCES fund(id),
  donor_id   INTEGER NOT NULL REFERENCES donor(id),
  amount     INTEGER NOT NULL CHECK (amount > 0),
  pledged_on TEXT NOT NULL,
  due_on     TEXT,
  note       TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX pledge_fund ON pledge(fund_id, due_on);

-- One statement file as imported (its lines are donation_line rows).
CREATE TABLE fund_statement (
  id          INTEGER PRIMARY KEY,
  fund_id     INTEGER NOT NULL REFERENCES fund(id),
  file_name   TEXT NOT NULL,
  sha256      TEXT NOT NULL,
  profile     TEXT NOT NULL,
  lines       INTEGER NOT NULL,
  new_count   INTEGER NOT NULL,
  matched     INTEGER NOT NULL,
  imported_at TEXT NOT NULL,
  imported_by TEXT NOT NULL
);

CREATE TABLE donation (
  id                INTEGER PRIMARY KEY,
  fund_id           INTEGER NOT NULL REFERENCES fund(id),
  donor_id          INTEGER REFERENCES donor(id),
  pledge_id         INTEGER REFERENCES pledge(id),
  amount            INTEGER NOT NULL CHECK (amount > 0),   -- in kind: the valued amount
  given_on          TEXT NOT NULL,
  given_time        TEXT,                                  -- HH:MM:SS, as the bank stamped it
  channel           TEXT NOT NULL CHECK (channel IN ('transfer','cash','in_kind')),
  bank              TEXT,                                  -- the statement's bank column, if any
  in_kind           TEXT,                                  -- what was given, for in kind
  reference         TEXT,
  message           TEXT,
  sender_name       TEXT,                                  -- read from the message
  sender_confidence INTEGER NOT NULL DEFAULT 0,
  statement_id      INTEGER REFERENCES fund_statement(id),
  reversed_on       TEXT,                                  -- a returned transfer: not counted
  reversal_reason   TEXT,
  created_at        TEXT NOT NULL
);
CREATE INDEX donation_fund_day ON donation(fund_id, given_on, given_time, amount, bank);
CREATE INDEX donation_donor ON donation(donor_id);
CREATE INDEX donation_fund_amount ON donation(fund_id, amount);

-- Every statement line read, keyed by what it says (date, time, amount, message) and its
-- occurrence among identical lines of its file: the same file again finds every key; another
-- spelling of the same transfer (an overlapping statement) is a new key pointing at the
-- donation it was matched to (how = 'matched').
CREATE TABLE donation_line (
  id           INTEGER PRIMARY KEY,
  fund_id      INTEGER NOT NULL REFERENCES fund(id),
  line_key     TEXT NOT NULL,
  donation_id  INTEGER NOT NULL REFERENCES donation(id),
  statement_id INTEGER NOT NULL REFERENCES fund_statement(id),
  line_no      INTEGER NOT NULL,
  how          TEXT NOT NULL CHECK (how IN ('new','matched')),
  UNIQUE (fund_id, line_key)
);
CREATE INDEX donation_line_donation ON donation_line(donation_id);

-- What a person should look at: a statement match that is not certain, a sender name that
-- resembles a donor, a possible duplicate donor.
CREATE TABLE fund_review (
  id          INTEGER PRIMARY KEY,
  fund_id     INTEGER NOT NULL REFERENCES fund(id),
  kind        TEXT NOT NULL CHECK (kind IN ('statement_match','donor_match')),
  donation_id INTEGER REFERENCES donation(id),
  line_id     INTEGER REFERENCES donation_line(id),
  donor_id    INTEGER REFERENCES donor(id),
  score       INTEGER NOT NULL DEFAULT 0,
  note        TEXT NOT NULL,
  state       TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open','accepted','rejected')),
  created_at  TEXT NOT NULL
);
CREATE INDEX fund_review_open ON fund_review(fund_id, state);

-- The donation search index (store_search_add / store_search_from): contentless FTS5 with the
-- vnfold tokenizer, rowid = donation id; a PostgreSQL backend keeps (key, vn_fold(words)) with a
-- pg_trgm index instead.
CREATE VIRTUAL TABLE donation_search USING fts5(words, content='', tokenize='vnfold');
