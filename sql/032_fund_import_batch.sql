-- 032_fund_import_batch: the statement import (src/fund/statement.c) writes through the batched
-- import runner (import.h, import_run_batched; sql/013): a large statement is written in short
-- transactions, so other writers are not locked out until it ends. Every row the import stages
-- carries the id of its batch; readers see it only once the batch is published (IMPORT_VISIBLE),
-- and a discarded batch's rows are deleted by these indexes. Rows written before this migration,
-- and donations entered one by one, have no batch (NULL: visible).
ALTER TABLE fund_statement ADD COLUMN import_batch_id INTEGER;
ALTER TABLE donation ADD COLUMN import_batch_id INTEGER;
ALTER TABLE donation_line ADD COLUMN import_batch_id INTEGER;
ALTER TABLE fund_review ADD COLUMN import_batch_id INTEGER;
CREATE INDEX fund_statement_batch ON fund_statement(import_batch_id);
CREATE INDEX donation_batch ON donation(import_batch_id);
CREATE INDEX donation_line_batch ON donation_line(import_batch_id);
CREATE INDEX fund_review_batch ON fund_review(import_batch_id);
