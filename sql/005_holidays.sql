-- 005_holidays: administrators' amendments to the rule-generated public holidays of a year
-- (official Tết days off differ by year; some years move a working day to a Saturday, "làm bù").
-- The defaults themselves are effective-dated rules in vn_holiday.c; only changes are stored.
CREATE TABLE holiday_amendment (
  id          INTEGER PRIMARY KEY,
  day         TEXT NOT NULL UNIQUE,        -- ISO date
  kind        TEXT NOT NULL CHECK (kind IN ('off','cancel','work')),
  note        TEXT,                        -- shown as the day's name, e.g. "Nghỉ Tết (bổ sung)"
  legal_basis TEXT,                        -- e.g. "Thông báo 6150/TB-BLĐTBXH"
  created_at  TEXT NOT NULL,
  created_by  INTEGER REFERENCES app_user(id)
);
