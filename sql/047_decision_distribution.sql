-- 047_decision_distribution.sql: the "Nơi nhận" (distribution list) of a decision, one recipient
-- per line as the office writes it ("- Như Điều 3;", "- Chủ tịch, các PCT UBND tỉnh;", "- Lưu: VT,
-- NC."). Decree 30/2020 leaves the list to the issuer, so it is the drafter's text, kept with the
-- decision; NULL (the drafts made before this column) prints the minimal list "- Như Điều 3;" and
-- "- Lưu: VT.".
ALTER TABLE award_decision ADD COLUMN distribution TEXT;
