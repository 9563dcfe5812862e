-- 024_campaign_report_print.sql: what the Board types for the printed campaign report
-- (campaign_pdf.c): its "Nơi nhận" (distribution list), one recipient per line as the office writes
-- it ("- Thường trực UBND tỉnh;", "- Lưu: VT."), and its number and symbol ("15/BC-UBND"), printed
-- in Decree 30's "Số:" position. Both NULL on the campaigns made before this column: the report then
-- prints the standard list and an unnumbered "Số:      /BC-BTĐKT" for the clerk to fill in.
ALTER TABLE campaign ADD COLUMN report_recipients TEXT;
ALTER TABLE campaign ADD COLUMN report_number TEXT;
