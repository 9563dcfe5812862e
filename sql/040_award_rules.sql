-- 040_award_rules: the rule base of commendation (src/award/award_rules.h) and its data, and the
-- subjects, history and initiatives that eligibility is computed from (award_subject.h).
-- Every rule is a row valid from a date to a date with the legal text it comes from, so a 2019
-- decision is judged and paid by the 2019 rows and a 2026 one by the 2026 rows. Where a value
-- came from one weak source (docs: domain.md, "[verify]") the row says so in its note: it is data
-- an administrator corrects by adding a row (thidua award-rule add), not a constant.
-- Selection everywhere: valid_from <= date and (valid_to IS NULL or valid_to >= date), the latest
-- valid_from wins. Coefficients are thousandths (1.5 → 1500); thresholds basis points.

-- The administrator may do everything the Board does with commendation records (as with
-- campaign.write and fund.write in 008): build dossiers and keep the award history. ON CONFLICT:
-- another commendation migration may grant the same.
INSERT INTO role_capability(role, capability) VALUES ('admin','dossier.write'),('admin','appraise')
  ON CONFLICT (role, capability) DO NOTHING;

CREATE TABLE award_form (
  id            INTEGER PRIMARY KEY,
  code          TEXT NOT NULL,
  name          TEXT NOT NULL,
  category      TEXT NOT NULL CHECK (category IN ('title','form','rating')),
  level         TEXT NOT NULL CHECK (level IN ('national','province','unit','commune')),
  subject_kinds TEXT NOT NULL,
  decided_by    TEXT NOT NULL,
  council_vote  INTEGER NOT NULL DEFAULT 0 CHECK (council_vote IN (0,1)),
  citation      TEXT NOT NULL,
  valid_from    TEXT NOT NULL,
  valid_to      TEXT,
  note          TEXT,
  created_at    TEXT NOT NULL,
  UNIQUE (code, valid_from),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);

CREATE TABLE award_coefficient (
  id                INTEGER PRIMARY KEY,
  form_code         TEXT NOT NULL,
  subject_kind      TEXT NOT NULL CHECK (subject_kind IN ('individual','collective','household','enterprise')),
  coefficient_milli INTEGER NOT NULL CHECK (coefficient_milli >= 0 AND coefficient_milli <= 1000000),
  no_money          INTEGER NOT NULL DEFAULT 0 CHECK (no_money IN (0,1)),
  citation          TEXT NOT NULL,
  valid_from        TEXT NOT NULL,
  valid_to          TEXT,
  note              TEXT,
  created_at        TEXT NOT NULL,
  UNIQUE (form_code, subject_kind, valid_from),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);

CREATE TABLE award_base_salary (
  id          INTEGER PRIMARY KEY,
  amount      INTEGER NOT NULL CHECK (amount > 0),
  citation    TEXT NOT NULL,
  valid_from  TEXT NOT NULL UNIQUE,
  valid_to    TEXT,
  note        TEXT,
  created_at  TEXT NOT NULL,
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);

CREATE TABLE award_ballot_rule (
  id          INTEGER PRIMARY KEY,
  quorum_bp   INTEGER NOT NULL CHECK (quorum_bp BETWEEN 1 AND 10000),
  pass_bp     INTEGER NOT NULL CHECK (pass_bp BETWEEN 1 AND 10000),
  pass_base   TEXT NOT NULL CHECK (pass_base IN ('members','present')),
  citation    TEXT NOT NULL,
  valid_from  TEXT NOT NULL UNIQUE,
  valid_to    TEXT,
  note        TEXT,
  created_at  TEXT NOT NULL,
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);

CREATE TABLE award_time_limit (
  id           INTEGER PRIMARY KEY,
  step         TEXT NOT NULL CHECK (step IN ('check','appraise','council','decide','total')),
  form_code    TEXT,
  working_days INTEGER NOT NULL CHECK (working_days BETWEEN 1 AND 365),
  citation     TEXT NOT NULL,
  valid_from   TEXT NOT NULL,
  valid_to     TEXT,
  note         TEXT,
  created_at   TEXT NOT NULL,
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);

CREATE TABLE award_donation_threshold (
  id          INTEGER PRIMARY KEY,
  donor_kind  TEXT NOT NULL CHECK (donor_kind IN ('enterprise','entrepreneur','individual','household','any')),
  min_amount  INTEGER NOT NULL CHECK (min_amount > 0),
  form_code   TEXT,
  label       TEXT NOT NULL,
  citation    TEXT NOT NULL,
  valid_from  TEXT NOT NULL,
  valid_to    TEXT,
  note        TEXT,
  created_at  TEXT NOT NULL,
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);

-- form_code '*': a criterion of every form (the principle "one achievement is rewarded once").
CREATE TABLE award_criterion (
  id           INTEGER PRIMARY KEY,
  form_code    TEXT NOT NULL,
  subject_kind TEXT CHECK (subject_kind IS NULL OR subject_kind IN ('individual','collective','household','enterprise')),
  alternative  TEXT NOT NULL DEFAULT '',
  check_kind   TEXT NOT NULL CHECK (check_kind IN ('consecutive','initiatives','within','not_within',
                 'block_leader','achievement','manual','once')),
  forms        TEXT,
  count        INTEGER NOT NULL DEFAULT 0,
  years        INTEGER NOT NULL DEFAULT 0,
  level        TEXT CHECK (level IS NULL OR level IN ('co_so','tinh','toan_quoc')),
  blocking     INTEGER NOT NULL DEFAULT 1 CHECK (blocking IN (0,1)),
  text         TEXT NOT NULL,
  citation     TEXT NOT NULL,
  valid_from   TEXT NOT NULL,
  valid_to     TEXT,
  created_at   TEXT NOT NULL,
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX award_criterion_form ON award_criterion(form_code, valid_from);

CREATE TABLE award_subject_class (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL,
  label       TEXT NOT NULL,
  position    INTEGER NOT NULL,
  citation    TEXT NOT NULL,
  valid_from  TEXT NOT NULL,
  valid_to    TEXT,
  created_at  TEXT NOT NULL,
  UNIQUE (code, valid_from)
);

-- Subjects: one row per stable key ("cid:…", "unit:…", "tax:…", "hh:…").
CREATE TABLE award_subject (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL CHECK (kind IN ('individual','collective','household','enterprise')),
  subject_key   TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  name_fold     TEXT NOT NULL,
  sort_key      BLOB NOT NULL,
  citizen_id    TEXT,                   -- personal data: masked for roles without pii.read
  birth_date    TEXT,                   -- personal data (ISO)
  gender        TEXT CHECK (gender IS NULL OR gender IN ('nam','nu')),
  tax_code      TEXT,
  unit_id       INTEGER REFERENCES unit(id),
  position      TEXT,
  subject_class TEXT,
  address       TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX award_subject_fold ON award_subject(name_fold);
CREATE INDEX award_subject_unit ON award_subject(unit_id);

CREATE TABLE award_history (
  id              INTEGER PRIMARY KEY,
  subject_id      INTEGER NOT NULL REFERENCES award_subject(id),
  year            INTEGER NOT NULL CHECK (year BETWEEN 1945 AND 2200),
  form_code       TEXT NOT NULL,
  decision_ref    TEXT,
  decision_date   TEXT,
  decision_id     INTEGER NOT NULL DEFAULT 0,
  achievement_key TEXT,
  reason          TEXT,
  amount          INTEGER NOT NULL DEFAULT 0 CHECK (amount >= 0),
  source          TEXT NOT NULL CHECK (source IN ('decision','import','manual')),
  revoked_at      TEXT,
  revoked_reason  TEXT,
  created_at      TEXT NOT NULL,
  created_by      TEXT NOT NULL
);
CREATE INDEX award_history_subject ON award_history(subject_id, year);
CREATE INDEX award_history_year ON award_history(year, form_code);
CREATE INDEX award_history_decision ON award_history(decision_id);
-- One achievement is rewarded once; one title per subject, form and year.
CREATE UNIQUE INDEX award_history_once ON award_history(subject_id, achievement_key)
  WHERE revoked_at IS NULL AND achievement_key IS NOT NULL;
CREATE UNIQUE INDEX award_history_form_year ON award_history(subject_id, form_code, year)
  WHERE revoked_at IS NULL;

CREATE TABLE award_initiative (
  id            INTEGER PRIMARY KEY,
  subject_id    INTEGER NOT NULL REFERENCES award_subject(id),
  year          INTEGER NOT NULL CHECK (year BETWEEN 1945 AND 2200),
  title         TEXT NOT NULL,
  level         TEXT NOT NULL CHECK (level IN ('co_so','tinh','toan_quoc')),
  recognised_by TEXT,
  recognised_on TEXT,
  created_at    TEXT NOT NULL,
  UNIQUE (subject_id, year, title)
);
CREATE INDEX award_initiative_subject ON award_initiative(subject_id, year);

-- ============================ data ============================
-- Era 2019: Luật Thi đua, khen thưởng 2003 (sửa đổi 2005, 2013) + Nghị định 91/2017/NĐ-CP
-- (1/10/2017 – 31/12/2023). Era today: Luật Thi đua, khen thưởng 06/2022/QH15 (1/1/2024) with
-- Nghị định 98/2023/NĐ-CP (to 30/6/2025), then Nghị định 152/2025/NĐ-CP (1/7/2025) and Thông tư
-- 15/2025/TT-BNV.
INSERT INTO award_form(code, name, category, level, subject_kinds, decided_by, council_vote, citation, valid_from, valid_to, note, created_at) VALUES
 ('LDTT','Lao động tiên tiến','title','unit','individual','Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND cấp xã',0,'Điều 24 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013); Điều 10 Nghị định 91/2017/NĐ-CP','2017-10-01','2023-12-31',NULL,'2017-10-01T00:00:00Z'),
 ('CSTD_CS','Chiến sĩ thi đua cơ sở','title','unit','individual','Thủ trưởng cơ quan, đơn vị',0,'Điều 23 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013); Điều 9 Nghị định 91/2017/NĐ-CP','2017-10-01','2023-12-31',NULL,'2017-10-01T00:00:00Z'),
 ('CSTD_TINH','Chiến sĩ thi đua cấp tỉnh','title','province','individual','Chủ tịch UBND tỉnh',1,'Điều 22 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013); Điều 8 Nghị định 91/2017/NĐ-CP','2017-10-01','2023-12-31',NULL,'2017-10-01T00:00:00Z'),
 ('CSTD_TQ','Chiến sĩ thi đua toàn quốc','title','national','individual','Thủ tướng Chính phủ (tỉnh đề nghị)',1,'Điều 21 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013); Điều 7 Nghị định 91/2017/NĐ-CP','2017-10-01','2023-12-31',NULL,'2017-10-01T00:00:00Z'),
 ('TTLDTT','Tập thể lao động tiên tiến','title','unit','collective','Thủ trưởng cơ quan, đơn vị',0,'Điều 28 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013); Điều 13 Nghị định 91/2017/NĐ-CP','2017-10-01','2023-12-31','[verify] tiêu chí tỷ lệ LĐTT','2017-10-01T00:00:00Z'),
 ('TTLDXS','Tập thể lao động xuất sắc','title','province','collective','Chủ tịch UBND tỉnh',1,'Điều 27 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013); Điều 12 Nghị định 91/2017/NĐ-CP','2017-10-01','2023-12-31','[verify] tiêu chí tỷ lệ LĐTT, CSTĐ cơ sở','2017-10-01T00:00:00Z'),
 ('CO_THI_DUA_UBND_TINH','Cờ thi đua của Ủy ban nhân dân tỉnh','title','province','collective','Chủ tịch UBND tỉnh',1,'Điều 26 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013); Điều 11 Nghị định 91/2017/NĐ-CP','2017-10-01','2023-12-31',NULL,'2017-10-01T00:00:00Z'),
 ('BK_CT_UBND_TINH','Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh','form','province','individual,collective,household,enterprise','Chủ tịch UBND tỉnh',0,'Điều 72 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013); Điều 39 Nghị định 91/2017/NĐ-CP','2017-10-01','2023-12-31','[verify] số điều của Nghị định 91/2017','2017-10-01T00:00:00Z'),
 ('BK_TTG','Bằng khen của Thủ tướng Chính phủ','form','national','individual,collective,household,enterprise','Thủ tướng Chính phủ (tỉnh đề nghị)',1,'Điều 71 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013); Điều 38 Nghị định 91/2017/NĐ-CP','2017-10-01','2023-12-31','[verify] số điều','2017-10-01T00:00:00Z'),
 ('GK_THU_TRUONG','Giấy khen của Thủ trưởng cơ quan, đơn vị','form','unit','individual,collective,household,enterprise','Thủ trưởng sở, ban, ngành, doanh nghiệp',0,'Điều 75 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013); Điều 40 Nghị định 91/2017/NĐ-CP','2017-10-01','2023-12-31','[verify] số điều','2017-10-01T00:00:00Z'),
 ('GK_CT_UBND_XA','Giấy khen của Chủ tịch UBND cấp xã','form','commune','individual,collective,household','Chủ tịch UBND cấp xã',0,'Điều 76 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013); Điều 40 Nghị định 91/2017/NĐ-CP','2017-10-01','2023-12-31','[verify] số điều','2017-10-01T00:00:00Z'),
 ('HTXSNV','Hoàn thành xuất sắc nhiệm vụ (xếp loại năm)','rating','unit','individual,collective','Cấp có thẩm quyền đánh giá, xếp loại',0,'Nghị định 56/2015/NĐ-CP về đánh giá, phân loại cán bộ, công chức, viên chức','2017-10-01','2023-12-31','Xếp loại dùng làm căn cứ, không phải hình thức khen thưởng','2017-10-01T00:00:00Z'),
 ('HTTNV','Hoàn thành tốt nhiệm vụ (xếp loại năm)','rating','unit','individual,collective','Cấp có thẩm quyền đánh giá, xếp loại',0,'Nghị định 56/2015/NĐ-CP về đánh giá, phân loại cán bộ, công chức, viên chức','2017-10-01','2023-12-31','Xếp loại dùng làm căn cứ, không phải hình thức khen thưởng','2017-10-01T00:00:00Z'),
 ('LDTT','Lao động tiên tiến','title','unit','individual','Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND cấp xã',0,'Điều 26 Luật Thi đua, khen thưởng 06/2022/QH15','2024-01-01',NULL,'[verify] số điều','2024-01-01T00:00:00Z'),
 ('CSTD_CS','Chiến sĩ thi đua cơ sở','title','unit','individual','Thủ trưởng cơ quan, đơn vị',0,'Điều 24 Luật Thi đua, khen thưởng 06/2022/QH15','2024-01-01',NULL,'[verify] số điều','2024-01-01T00:00:00Z'),
 ('CSTD_TINH','Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh','title','province','individual','Chủ tịch UBND tỉnh',1,'Điều 22 Luật Thi đua, khen thưởng 06/2022/QH15','2024-01-01',NULL,'[verify] số điều','2024-01-01T00:00:00Z'),
 ('CSTD_TQ','Chiến sĩ thi đua toàn quốc','title','national','individual','Thủ tướng Chính phủ (tỉnh đề nghị)',1,'Điều 21 Luật Thi đua, khen thưởng 06/2022/QH15','2024-01-01',NULL,'[verify] số điều','2024-01-01T00:00:00Z'),
 ('TTLDTT','Tập thể lao động tiên tiến','title','unit','collective','Thủ trưởng cơ quan, đơn vị',0,'Điều 28 Luật Thi đua, khen thưởng 06/2022/QH15','2024-01-01',NULL,'[verify] số điều và tiêu chí','2024-01-01T00:00:00Z'),
 ('TTLDXS','Tập thể lao động xuất sắc','title','province','collective','Chủ tịch UBND tỉnh',1,'Điều 27 Luật Thi đua, khen thưởng 06/2022/QH15','2024-01-01',NULL,'[verify] số điều và tiêu chí','2024-01-01T00:00:00Z'),
 ('CO_THI_DUA_UBND_TINH','Cờ thi đua của Ủy ban nhân dân tỉnh','title','province','collective','Chủ tịch UBND tỉnh',1,'Điều 25 Luật Thi đua, khen thưởng 06/2022/QH15','2024-01-01',NULL,'[verify] số điều','2024-01-01T00:00:00Z'),
 ('BK_CT_UBND_TINH','Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh','form','province','individual,collective,household,enterprise','Chủ tịch UBND tỉnh',0,'Điều 74 Luật Thi đua, khen thưởng 06/2022/QH15','2024-01-01',NULL,NULL,'2024-01-01T00:00:00Z'),
 ('BK_TTG','Bằng khen của Thủ tướng Chính phủ','form','national','individual,collective,household,enterprise','Thủ tướng Chính phủ (tỉnh đề nghị)',1,'Điều 71 Luật Thi đua, khen thưởng 06/2022/QH15','2024-01-01',NULL,'[verify] số điều','2024-01-01T00:00:00Z'),
 ('GK_THU_TRUONG','Giấy khen của Thủ trưởng cơ quan, đơn vị','form','unit','individual,collective,household,enterprise','Thủ trưởng sở, ban, ngành, doanh nghiệp',0,'Điều 75 Luật Thi đua, khen thưởng 06/2022/QH15','2024-01-01',NULL,NULL,'2024-01-01T00:00:00Z'),
 ('GK_CT_UBND_XA','Giấy khen của Chủ tịch UBND cấp xã','form','commune','individual,collective,household','Chủ tịch UBND cấp xã',0,'Điều 75 Luật Thi đua, khen thưởng 06/2022/QH15','2024-01-01',NULL,NULL,'2024-01-01T00:00:00Z'),
 ('HTXSNV','Hoàn thành xuất sắc nhiệm vụ (xếp loại năm)','rating','unit','individual,collective','Cấp có thẩm quyền đánh giá, xếp loại',0,'Nghị định 90/2020/NĐ-CP (sửa đổi bởi Nghị định 48/2023/NĐ-CP) về đánh giá, xếp loại','2024-01-01',NULL,'Xếp loại dùng làm căn cứ, không phải hình thức khen thưởng','2024-01-01T00:00:00Z'),
 ('HTTNV','Hoàn thành tốt nhiệm vụ (xếp loại năm)','rating','unit','individual,collective','Cấp có thẩm quyền đánh giá, xếp loại',0,'Nghị định 90/2020/NĐ-CP (sửa đổi bởi Nghị định 48/2023/NĐ-CP) về đánh giá, xếp loại','2024-01-01',NULL,'Xếp loại dùng làm căn cứ, không phải hình thức khen thưởng','2024-01-01T00:00:00Z');

-- Base salary (mức lương cơ sở).
INSERT INTO award_base_salary(amount, citation, valid_from, valid_to, note, created_at) VALUES
 (1390000,'Nghị định 72/2018/NĐ-CP','2018-07-01','2019-06-30',NULL,'2018-07-01T00:00:00Z'),
 (1490000,'Nghị định 38/2019/NĐ-CP','2019-07-01','2023-06-30',NULL,'2019-07-01T00:00:00Z'),
 (1800000,'Nghị định 24/2023/NĐ-CP','2023-07-01','2024-06-30',NULL,'2023-07-01T00:00:00Z'),
 (2340000,'Nghị định 73/2024/NĐ-CP','2024-07-01','2026-06-30',NULL,'2024-07-01T00:00:00Z'),
 (2530000,'Nghị định 161/2026/NĐ-CP','2026-07-01',NULL,'[verify] số hiệu nghị định','2026-07-01T00:00:00Z');

-- Coefficients × base salary. A collective receives twice an individual's amount (Decree 91/2017;
-- [verify] under 152/2025); a household as an individual, an enterprise as a collective [verify].
-- Ratings are evidence, not awards: no money.
INSERT INTO award_coefficient(form_code, subject_kind, coefficient_milli, no_money, citation, valid_from, valid_to, note, created_at) VALUES
 ('CSTD_TQ','individual',4500,0,'Điều 70 Nghị định 91/2017/NĐ-CP','2017-10-01','2023-12-31','[verify] số điều','2017-10-01T00:00:00Z'),
 ('CSTD_TINH','individual',3000,0,'Điều 70 Nghị định 91/2017/NĐ-CP','2017-10-01','2023-12-31','[verify] số điều','2017-10-01T00:00:00Z'),
 ('CSTD_CS','individual',1000,0,'Điều 70 Nghị định 91/2017/NĐ-CP','2017-10-01','2023-12-31','[verify] số điều','2017-10-01T00:00:00Z'),
 ('LDTT','individual',300,0,'Điều 70 Nghị định 91/2017/NĐ-CP','2017-10-01','2023-12-31','[verify] số điều','2017-10-01T00:00:00Z'),
 ('TTLDXS','collective',1500,0,'Điều 70 Nghị định 91/2017/NĐ-CP','2017-10-01','2023-12-31','[verify] số điều','2017-10-01T00:00:00Z'),
 ('TTLDTT','collective',800,0,'Điều 70 Nghị định 91/2017/NĐ-CP','2017-10-01','2023-12-31','[verify] số điều','2017-10-01T00:00:00Z'),
 ('CO_THI_DUA_UBND_TINH','collective',8000,0,'Điều 70 Nghị định 91/2017/NĐ-CP','2017-10-01','2023-12-31','[verify] hệ số','2017-10-01T00:00:00Z'),
 ('BK_CT_UBND_TINH','individual',1000,0,'Điều 71 Nghị định 91/2017/NĐ-CP','2017-10-01','2023-12-31','[verify] số điều','2017-10-01T00:00:00Z'),
 ('BK_CT_UBND_TINH','household',1000,0,'Điều 71 Nghị định 91/2017/NĐ-CP','2017-10-01','2023-12-31','[verify] hộ gia đình như cá nhân','2017-10-01T00:00:00Z'),
 ('BK_CT_UBND_TINH','collective',2000,0,'Điều 71 Nghị định 91/2017/NĐ-CP (tập thể gấp 2 lần cá nhân)','2017-10-01','2023-12-31','[verify] số điều','2017-10-01T00:00:00Z'),
 ('BK_CT_UBND_TINH','enterprise',2000,0,'Điều 71 Nghị định 91/2017/NĐ-CP (tập thể gấp 2 lần cá nhân)','2017-10-01','2023-12-31','[verify] doanh nghiệp như tập thể','2017-10-01T00:00:00Z'),
 ('BK_TTG','individual',3500,0,'Điều 71 Nghị định 91/2017/NĐ-CP','2017-10-01','2023-12-31','[verify] số điều','2017-10-01T00:00:00Z'),
 ('BK_TTG','collective',7000,0,'Điều 71 Nghị định 91/2017/NĐ-CP (tập thể gấp 2 lần cá nhân)','2017-10-01','2023-12-31','[verify] số điều','2017-10-01T00:00:00Z'),
 ('GK_THU_TRUONG','individual',300,0,'Điều 71 Nghị định 91/2017/NĐ-CP','2017-10-01','2023-12-31','[verify]','2017-10-01T00:00:00Z'),
 ('GK_THU_TRUONG','collective',600,0,'Điều 71 Nghị định 91/2017/NĐ-CP (tập thể gấp 2 lần cá nhân)','2017-10-01','2023-12-31','[verify]','2017-10-01T00:00:00Z'),
 ('GK_CT_UBND_XA','individual',150,0,'Điều 71 Nghị định 91/2017/NĐ-CP','2017-10-01','2023-12-31','[verify]','2017-10-01T00:00:00Z'),
 ('GK_CT_UBND_XA','household',150,0,'Điều 71 Nghị định 91/2017/NĐ-CP','2017-10-01','2023-12-31','[verify]','2017-10-01T00:00:00Z'),
 ('GK_CT_UBND_XA','collective',300,0,'Điều 71 Nghị định 91/2017/NĐ-CP (tập thể gấp 2 lần cá nhân)','2017-10-01','2023-12-31','[verify]','2017-10-01T00:00:00Z'),
 ('HTXSNV','individual',0,1,'Xếp loại năm: không phải hình thức khen thưởng, không có tiền thưởng','2017-10-01',NULL,NULL,'2017-10-01T00:00:00Z'),
 ('HTXSNV','collective',0,1,'Xếp loại năm: không phải hình thức khen thưởng, không có tiền thưởng','2017-10-01',NULL,NULL,'2017-10-01T00:00:00Z'),
 ('HTTNV','individual',0,1,'Xếp loại năm: không phải hình thức khen thưởng, không có tiền thưởng','2017-10-01',NULL,NULL,'2017-10-01T00:00:00Z'),
 ('HTTNV','collective',0,1,'Xếp loại năm: không phải hình thức khen thưởng, không có tiền thưởng','2017-10-01',NULL,NULL,'2017-10-01T00:00:00Z'),
 -- Decree 98/2023/NĐ-CP: 1/1/2024 – 30/6/2025.
 ('CSTD_TQ','individual',4500,0,'Nghị định 98/2023/NĐ-CP','2024-01-01','2025-06-30','[verify] số điều','2024-01-01T00:00:00Z'),
 ('CSTD_TINH','individual',3000,0,'Nghị định 98/2023/NĐ-CP','2024-01-01','2025-06-30','[verify] số điều','2024-01-01T00:00:00Z'),
 ('CSTD_CS','individual',1000,0,'Nghị định 98/2023/NĐ-CP','2024-01-01','2025-06-30','[verify] số điều','2024-01-01T00:00:00Z'),
 ('LDTT','individual',300,0,'Nghị định 98/2023/NĐ-CP','2024-01-01','2025-06-30','[verify] số điều','2024-01-01T00:00:00Z'),
 ('TTLDXS','collective',1500,0,'Nghị định 98/2023/NĐ-CP','2024-01-01','2025-06-30','[verify] số điều','2024-01-01T00:00:00Z'),
 ('TTLDTT','collective',800,0,'Nghị định 98/2023/NĐ-CP','2024-01-01','2025-06-30','[verify] số điều','2024-01-01T00:00:00Z'),
 ('CO_THI_DUA_UBND_TINH','collective',8000,0,'Nghị định 98/2023/NĐ-CP','2024-01-01','2025-06-30','[verify] hệ số','2024-01-01T00:00:00Z'),
 ('BK_CT_UBND_TINH','individual',1000,0,'Nghị định 98/2023/NĐ-CP','2024-01-01','2025-06-30','[verify] số điều','2024-01-01T00:00:00Z'),
 ('BK_CT_UBND_TINH','household',1000,0,'Nghị định 98/2023/NĐ-CP','2024-01-01','2025-06-30','[verify] hộ gia đình như cá nhân','2024-01-01T00:00:00Z'),
 ('BK_CT_UBND_TINH','collective',2000,0,'Nghị định 98/2023/NĐ-CP (tập thể gấp 2 lần cá nhân)','2024-01-01','2025-06-30','[verify]','2024-01-01T00:00:00Z'),
 ('BK_CT_UBND_TINH','enterprise',2000,0,'Nghị định 98/2023/NĐ-CP (tập thể gấp 2 lần cá nhân)','2024-01-01','2025-06-30','[verify]','2024-01-01T00:00:00Z'),
 ('BK_TTG','individual',3500,0,'Nghị định 98/2023/NĐ-CP','2024-01-01','2025-06-30','[verify]','2024-01-01T00:00:00Z'),
 ('BK_TTG','collective',7000,0,'Nghị định 98/2023/NĐ-CP (tập thể gấp 2 lần cá nhân)','2024-01-01','2025-06-30','[verify]','2024-01-01T00:00:00Z'),
 ('GK_THU_TRUONG','individual',300,0,'Nghị định 98/2023/NĐ-CP','2024-01-01','2025-06-30','[verify]','2024-01-01T00:00:00Z'),
 ('GK_THU_TRUONG','collective',600,0,'Nghị định 98/2023/NĐ-CP (tập thể gấp 2 lần cá nhân)','2024-01-01','2025-06-30','[verify]','2024-01-01T00:00:00Z'),
 ('GK_CT_UBND_XA','individual',150,0,'Nghị định 98/2023/NĐ-CP','2024-01-01','2025-06-30','[verify]','2024-01-01T00:00:00Z'),
 ('GK_CT_UBND_XA','household',150,0,'Nghị định 98/2023/NĐ-CP','2024-01-01','2025-06-30','[verify]','2024-01-01T00:00:00Z'),
 ('GK_CT_UBND_XA','collective',300,0,'Nghị định 98/2023/NĐ-CP (tập thể gấp 2 lần cá nhân)','2024-01-01','2025-06-30','[verify]','2024-01-01T00:00:00Z'),
 -- Decree 152/2025/NĐ-CP: from 1/7/2025 (the provincial Bằng khen rose to 1.5).
 ('CSTD_TQ','individual',4500,0,'Nghị định 152/2025/NĐ-CP','2025-07-01',NULL,'[verify]','2025-07-01T00:00:00Z'),
 ('CSTD_TINH','individual',3000,0,'Nghị định 152/2025/NĐ-CP','2025-07-01',NULL,'[verify]','2025-07-01T00:00:00Z'),
 ('CSTD_CS','individual',1000,0,'Nghị định 152/2025/NĐ-CP','2025-07-01',NULL,'[verify]','2025-07-01T00:00:00Z'),
 ('LDTT','individual',300,0,'Nghị định 152/2025/NĐ-CP','2025-07-01',NULL,'[verify]','2025-07-01T00:00:00Z'),
 ('TTLDXS','collective',1500,0,'Nghị định 152/2025/NĐ-CP','2025-07-01',NULL,'[verify]','2025-07-01T00:00:00Z'),
 ('TTLDTT','collective',800,0,'Nghị định 152/2025/NĐ-CP','2025-07-01',NULL,'[verify]','2025-07-01T00:00:00Z'),
 ('CO_THI_DUA_UBND_TINH','collective',8000,0,'Nghị định 152/2025/NĐ-CP','2025-07-01',NULL,'[verify] hệ số','2025-07-01T00:00:00Z'),
 ('BK_CT_UBND_TINH','individual',1500,0,'Nghị định 152/2025/NĐ-CP','2025-07-01',NULL,NULL,'2025-07-01T00:00:00Z'),
 ('BK_CT_UBND_TINH','household',1500,0,'Nghị định 152/2025/NĐ-CP','2025-07-01',NULL,'[verify] hộ gia đình như cá nhân','2025-07-01T00:00:00Z'),
 ('BK_CT_UBND_TINH','collective',3000,0,'Nghị định 152/2025/NĐ-CP (tập thể gấp 2 lần cá nhân)','2025-07-01',NULL,'[verify]','2025-07-01T00:00:00Z'),
 ('BK_CT_UBND_TINH','enterprise',3000,0,'Nghị định 152/2025/NĐ-CP (tập thể gấp 2 lần cá nhân)','2025-07-01',NULL,'[verify]','2025-07-01T00:00:00Z'),
 ('BK_TTG','individual',3500,0,'Nghị định 152/2025/NĐ-CP','2025-07-01',NULL,'[verify]','2025-07-01T00:00:00Z'),
 ('BK_TTG','collective',7000,0,'Nghị định 152/2025/NĐ-CP (tập thể gấp 2 lần cá nhân)','2025-07-01',NULL,'[verify]','2025-07-01T00:00:00Z'),
 ('GK_THU_TRUONG','individual',300,0,'Nghị định 152/2025/NĐ-CP','2025-07-01',NULL,'[verify]','2025-07-01T00:00:00Z'),
 ('GK_THU_TRUONG','collective',600,0,'Nghị định 152/2025/NĐ-CP (tập thể gấp 2 lần cá nhân)','2025-07-01',NULL,'[verify]','2025-07-01T00:00:00Z'),
 ('GK_CT_UBND_XA','individual',150,0,'Nghị định 152/2025/NĐ-CP','2025-07-01',NULL,'[verify]','2025-07-01T00:00:00Z'),
 ('GK_CT_UBND_XA','household',150,0,'Nghị định 152/2025/NĐ-CP','2025-07-01',NULL,'[verify]','2025-07-01T00:00:00Z'),
 ('GK_CT_UBND_XA','collective',300,0,'Nghị định 152/2025/NĐ-CP (tập thể gấp 2 lần cá nhân)','2025-07-01',NULL,'[verify]','2025-07-01T00:00:00Z');

INSERT INTO award_ballot_rule(quorum_bp, pass_bp, pass_base, citation, valid_from, valid_to, note, created_at) VALUES
 (6666, 9000, 'members', 'Nghị định 91/2017/NĐ-CP (Hội đồng bỏ phiếu kín; đạt từ 90% tổng số thành viên Hội đồng)', '2017-10-01', '2023-12-31', '[verify] ngưỡng và số lượng tối thiểu có mặt; 2/3 ghi là 66,66% để 14/21 đủ', '2017-10-01T00:00:00Z'),
 (6666, 7000, 'members', 'Luật Thi đua, khen thưởng 06/2022/QH15; Nghị định 98/2023/NĐ-CP, 152/2025/NĐ-CP (thực tiễn: từ 70% tổng số thành viên)', '2024-01-01', NULL, '[verify] ngưỡng 2/3 hay 70%; 2/3 ghi là 66,66% để 14/21 đủ', '2024-01-01T00:00:00Z');

INSERT INTO award_time_limit(step, form_code, working_days, citation, valid_from, valid_to, note, created_at) VALUES
 ('check', NULL, 5, 'Thủ tục hành chính lĩnh vực thi đua, khen thưởng cấp tỉnh (kiểm tra, trả lại hồ sơ chưa đầy đủ)', '2017-10-01', NULL, '[verify]', '2017-10-01T00:00:00Z'),
 ('total', NULL, 25, 'Thủ tục hành chính lĩnh vực thi đua, khen thưởng cấp tỉnh (từ khi nhận đủ hồ sơ)', '2017-10-01', NULL, 'Thời hạn công bố cho Bằng khen cấp tỉnh', '2017-10-01T00:00:00Z'),
 ('appraise', NULL, 15, 'Quy trình nội bộ của Ban Thi đua – Khen thưởng', '2017-10-01', NULL, '[verify] dữ liệu do tỉnh quy định', '2017-10-01T00:00:00Z');

INSERT INTO award_donation_threshold(donor_kind, min_amount, form_code, label, citation, valid_from, valid_to, note, created_at) VALUES
 ('any', 50000000, NULL, 'Trao biển ủng hộ tại lễ phát động', 'Kế hoạch phát động của UBND tỉnh Lạng Sơn, năm 2019 (tài liệu mẫu)', '2019-01-01', NULL, 'Chính sách của tỉnh, không phải luật', '2019-01-01T00:00:00Z'),
 ('enterprise', 500000000, 'BK_CT_UBND_TINH', 'Bằng khen của Chủ tịch UBND tỉnh cho doanh nghiệp ủng hộ từ 500 triệu đồng', 'Kế hoạch phát động của UBND tỉnh Lạng Sơn, năm 2019 (tài liệu mẫu)', '2019-01-01', NULL, 'Chính sách của tỉnh, không phải luật', '2019-01-01T00:00:00Z');

-- Criteria. Alternatives: the form is met when every blocking row of one alternative holds
-- (rows with alternative '' apply to all). "consecutive" counts the years ending at the year
-- considered. Both eras carry the same chains, each with its own citation.
INSERT INTO award_criterion(form_code, subject_kind, alternative, check_kind, forms, count, years, level, blocking, text, citation, valid_from, valid_to, created_at) VALUES
 ('*',NULL,'','once',NULL,0,0,NULL,1,'Một thành tích chỉ được khen thưởng một lần','Điều 6 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)','2017-10-01','2023-12-31','2017-10-01T00:00:00Z'),
 ('*',NULL,'','once',NULL,0,0,NULL,1,'Một thành tích chỉ được khen thưởng một lần','Điều 6 Luật Thi đua, khen thưởng 06/2022/QH15','2024-01-01',NULL,'2024-01-01T00:00:00Z'),
 ('LDTT','individual','','consecutive','HTTNV,HTXSNV',1,0,NULL,1,'Hoàn thành tốt nhiệm vụ trở lên trong năm','Điều 24 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)','2017-10-01','2023-12-31','2017-10-01T00:00:00Z'),
 ('CSTD_CS','individual','','consecutive','LDTT',1,0,NULL,1,'Đạt danh hiệu Lao động tiên tiến trong năm','Điều 23 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)','2017-10-01','2023-12-31','2017-10-01T00:00:00Z'),
 ('CSTD_CS','individual','','initiatives',NULL,1,1,'co_so',1,'Có sáng kiến được công nhận cấp cơ sở trong năm','Điều 23 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)','2017-10-01','2023-12-31','2017-10-01T00:00:00Z'),
 ('CSTD_TINH','individual','','consecutive','CSTD_CS',3,0,NULL,1,'Có 3 lần liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở','Điều 22 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)','2017-10-01','2023-12-31','2017-10-01T00:00:00Z'),
 ('CSTD_TINH','individual','','initiatives',NULL,1,3,'tinh',1,'Có sáng kiến có phạm vi ảnh hưởng trong tỉnh trong thời gian đó','Điều 22 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)','2017-10-01','2023-12-31','2017-10-01T00:00:00Z'),
 ('CSTD_TQ','individual','','within','CSTD_TINH',2,6,NULL,1,'Có 2 lần liên tục đạt danh hiệu Chiến sĩ thi đua cấp tỉnh','Điều 21 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)','2017-10-01','2023-12-31','2017-10-01T00:00:00Z'),
 ('CSTD_TQ','individual','','initiatives',NULL,1,6,'toan_quoc',1,'Có sáng kiến có phạm vi ảnh hưởng toàn quốc','Điều 21 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)','2017-10-01','2023-12-31','2017-10-01T00:00:00Z'),
 ('TTLDTT','collective','','consecutive','HTTNV,HTXSNV',1,0,NULL,1,'Hoàn thành tốt nhiệm vụ trở lên trong năm','Điều 28 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)','2017-10-01','2023-12-31','2017-10-01T00:00:00Z'),
 ('TTLDTT','collective','','manual',NULL,0,0,NULL,0,'Trên 50% thành viên đạt Lao động tiên tiến; không có thành viên bị kỷ luật từ cảnh cáo trở lên (kiểm tra trong hồ sơ)','Điều 28 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)','2017-10-01','2023-12-31','2017-10-01T00:00:00Z'),
 ('TTLDXS','collective','','consecutive','HTXSNV',1,0,NULL,1,'Hoàn thành xuất sắc nhiệm vụ trong năm','Điều 27 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)','2017-10-01','2023-12-31','2017-10-01T00:00:00Z'),
 ('TTLDXS','collective','','manual',NULL,0,0,NULL,0,'100% thành viên hoàn thành nhiệm vụ, từ 70% đạt Lao động tiên tiến, có cá nhân đạt Chiến sĩ thi đua cơ sở (kiểm tra trong hồ sơ)','Điều 27 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)','2017-10-01','2023-12-31','2017-10-01T00:00:00Z'),
 ('CO_THI_DUA_UBND_TINH','collective','','block_leader',NULL,0,0,NULL,1,'Dẫn đầu khối, cụm thi đua của tỉnh trong năm','Điều 26 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)','2017-10-01','2023-12-31','2017-10-01T00:00:00Z'),
 ('CO_THI_DUA_UBND_TINH','collective','','consecutive','TTLDXS',1,0,NULL,0,'Đạt Tập thể lao động xuất sắc trong năm','Điều 26 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)','2017-10-01','2023-12-31','2017-10-01T00:00:00Z'),
 ('BK_CT_UBND_TINH',NULL,'a','achievement',NULL,0,0,NULL,1,'Có thành tích xuất sắc được bình xét trong phong trào thi đua (thành tích đề nghị)','Điều 72 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013); Điều 39 Nghị định 91/2017/NĐ-CP','2017-10-01','2023-12-31','2017-10-01T00:00:00Z'),
 ('BK_CT_UBND_TINH','individual','b','consecutive','HTXSNV',2,0,NULL,1,'Có 2 năm liên tục hoàn thành xuất sắc nhiệm vụ','Điều 39 Nghị định 91/2017/NĐ-CP','2017-10-01','2023-12-31','2017-10-01T00:00:00Z'),
 ('BK_CT_UBND_TINH','individual','b','initiatives',NULL,2,2,'co_so',1,'Trong thời gian đó có 2 sáng kiến được công nhận và áp dụng hiệu quả cấp cơ sở','Điều 39 Nghị định 91/2017/NĐ-CP','2017-10-01','2023-12-31','2017-10-01T00:00:00Z'),
 ('BK_CT_UBND_TINH','collective','b','consecutive','HTXSNV',2,0,NULL,1,'Có 2 năm liên tục hoàn thành xuất sắc nhiệm vụ','Điều 39 Nghị định 91/2017/NĐ-CP','2017-10-01','2023-12-31','2017-10-01T00:00:00Z'),
 ('GK_THU_TRUONG',NULL,'a','achievement',NULL,0,0,NULL,1,'Có thành tích đột xuất hoặc thành tích được bình xét trong phong trào thi đua','Điều 75 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)','2017-10-01','2023-12-31','2017-10-01T00:00:00Z'),
 ('GK_THU_TRUONG',NULL,'b','consecutive','HTXSNV',1,0,NULL,1,'Hoàn thành xuất sắc nhiệm vụ trong năm','Điều 75 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)','2017-10-01','2023-12-31','2017-10-01T00:00:00Z'),
 ('LDTT','individual','','consecutive','HTTNV,HTXSNV',1,0,NULL,1,'Hoàn thành tốt nhiệm vụ trở lên trong năm','Điều 26 Luật Thi đua, khen thưởng 06/2022/QH15','2024-01-01',NULL,'2024-01-01T00:00:00Z'),
 ('CSTD_CS','individual','','consecutive','LDTT',1,0,NULL,1,'Đạt danh hiệu Lao động tiên tiến trong năm','Điều 24 Luật Thi đua, khen thưởng 06/2022/QH15','2024-01-01',NULL,'2024-01-01T00:00:00Z'),
 ('CSTD_CS','individual','','initiatives',NULL,1,1,'co_so',1,'Có sáng kiến được công nhận cấp cơ sở trong năm','Điều 24 Luật Thi đua, khen thưởng 06/2022/QH15','2024-01-01',NULL,'2024-01-01T00:00:00Z'),
 ('CSTD_TINH','individual','','consecutive','CSTD_CS',3,0,NULL,1,'Có 3 lần liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở','Điều 22 Luật Thi đua, khen thưởng 06/2022/QH15','2024-01-01',NULL,'2024-01-01T00:00:00Z'),
 ('CSTD_TINH','individual','','initiatives',NULL,1,3,'tinh',1,'Có sáng kiến có phạm vi ảnh hưởng trong tỉnh trong thời gian đó','Điều 22 Luật Thi đua, khen thưởng 06/2022/QH15','2024-01-01',NULL,'2024-01-01T00:00:00Z'),
 ('CSTD_TQ','individual','','within','CSTD_TINH',2,6,NULL,1,'Có 2 lần liên tục đạt danh hiệu Chiến sĩ thi đua cấp tỉnh','Điều 21 Luật Thi đua, khen thưởng 06/2022/QH15','2024-01-01',NULL,'2024-01-01T00:00:00Z'),
 ('CSTD_TQ','individual','','initiatives',NULL,1,6,'toan_quoc',1,'Có sáng kiến có phạm vi ảnh hưởng toàn quốc','Điều 21 Luật Thi đua, khen thưởng 06/2022/QH15','2024-01-01',NULL,'2024-01-01T00:00:00Z'),
 ('TTLDTT','collective','','consecutive','HTTNV,HTXSNV',1,0,NULL,1,'Hoàn thành tốt nhiệm vụ trở lên trong năm','Điều 28 Luật Thi đua, khen thưởng 06/2022/QH15','2024-01-01',NULL,'2024-01-01T00:00:00Z'),
 ('TTLDTT','collective','','manual',NULL,0,0,NULL,0,'Trên 50% thành viên đạt Lao động tiên tiến; không có thành viên bị kỷ luật từ cảnh cáo trở lên (kiểm tra trong hồ sơ)','Điều 28 Luật Thi đua, khen thưởng 06/2022/QH15','2024-01-01',NULL,'2024-01-01T00:00:00Z'),
 ('TTLDXS','collective','','consecutive','HTXSNV',1,0,NULL,1,'Hoàn thành xuất sắc nhiệm vụ trong năm','Điều 27 Luật Thi đua, khen thưởng 06/2022/QH15','2024-01-01',NULL,'2024-01-01T00:00:00Z'),
 ('TTLDXS','collective','','manual',NULL,0,0,NULL,0,'100% thành viên hoàn thành nhiệm vụ, từ 70% đạt Lao động tiên tiến, có cá nhân đạt Chiến sĩ thi đua cơ sở (kiểm tra trong hồ sơ)','Điều 27 Luật Thi đua, khen thưởng 06/2022/QH15','2024-01-01',NULL,'2024-01-01T00:00:00Z'),
 ('CO_THI_DUA_UBND_TINH','collective','','block_leader',NULL,0,0,NULL,1,'Dẫn đầu khối, cụm thi đua của tỉnh trong năm','Điều 25 Luật Thi đua, khen thưởng 06/2022/QH15','2024-01-01',NULL,'2024-01-01T00:00:00Z'),
 ('CO_THI_DUA_UBND_TINH','collective','','consecutive','TTLDXS',1,0,NULL,0,'Đạt Tập thể lao động xuất sắc trong năm','Điều 25 Luật Thi đua, khen thưởng 06/2022/QH15','2024-01-01',NULL,'2024-01-01T00:00:00Z'),
 ('BK_CT_UBND_TINH',NULL,'a','achievement',NULL,0,0,NULL,1,'Có thành tích xuất sắc được bình xét trong phong trào thi đua (thành tích đề nghị)','Điều 74 khoản 1 Luật Thi đua, khen thưởng 06/2022/QH15','2024-01-01',NULL,'2024-01-01T00:00:00Z'),
 ('BK_CT_UBND_TINH','individual','b','consecutive','HTXSNV',2,0,NULL,1,'Có 2 năm liên tục hoàn thành xuất sắc nhiệm vụ','Điều 74 khoản 1 Luật Thi đua, khen thưởng 06/2022/QH15','2024-01-01',NULL,'2024-01-01T00:00:00Z'),
 ('BK_CT_UBND_TINH','individual','b','initiatives',NULL,2,2,'co_so',1,'Trong thời gian đó có 2 sáng kiến được công nhận và áp dụng hiệu quả cấp cơ sở','Điều 74 khoản 1 Luật Thi đua, khen thưởng 06/2022/QH15','2024-01-01',NULL,'2024-01-01T00:00:00Z'),
 ('BK_CT_UBND_TINH','collective','b','consecutive','HTXSNV',2,0,NULL,1,'Có 2 năm liên tục hoàn thành xuất sắc nhiệm vụ','Điều 74 khoản 3 Luật Thi đua, khen thưởng 06/2022/QH15','2024-01-01',NULL,'2024-01-01T00:00:00Z'),
 ('GK_THU_TRUONG',NULL,'a','achievement',NULL,0,0,NULL,1,'Có thành tích đột xuất hoặc thành tích được bình xét trong phong trào thi đua','Điều 75 Luật Thi đua, khen thưởng 06/2022/QH15','2024-01-01',NULL,'2024-01-01T00:00:00Z'),
 ('GK_THU_TRUONG',NULL,'b','consecutive','HTXSNV',1,0,NULL,1,'Hoàn thành xuất sắc nhiệm vụ trong năm','Điều 75 Luật Thi đua, khen thưởng 06/2022/QH15','2024-01-01',NULL,'2024-01-01T00:00:00Z');

-- Subject classes of statistics form 0603.N (Circular 02/2023/TT-BNV) [verify the labels].
INSERT INTO award_subject_class(code, label, position, citation, valid_from, valid_to, created_at) VALUES
 ('lanh_dao_cap_cao','Lãnh đạo từ cấp vụ, sở và tương đương trở lên',1,'Biểu 0603.N Thông tư 02/2023/TT-BNV [verify]','2017-10-01',NULL,'2017-10-01T00:00:00Z'),
 ('lanh_dao_phong','Lãnh đạo cấp phòng và tương đương',2,'Biểu 0603.N Thông tư 02/2023/TT-BNV [verify]','2017-10-01',NULL,'2017-10-01T00:00:00Z'),
 ('cong_chuc','Cán bộ, công chức, viên chức',3,'Biểu 0603.N Thông tư 02/2023/TT-BNV [verify]','2017-10-01',NULL,'2017-10-01T00:00:00Z'),
 ('doanh_nhan','Doanh nhân, trí thức, nhà khoa học',4,'Biểu 0603.N Thông tư 02/2023/TT-BNV [verify]','2017-10-01',NULL,'2017-10-01T00:00:00Z'),
 ('truc_tiep','Công nhân, nông dân, người lao động trực tiếp',5,'Biểu 0603.N Thông tư 02/2023/TT-BNV [verify]','2017-10-01',NULL,'2017-10-01T00:00:00Z');
