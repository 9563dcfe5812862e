-- 046_certificate_title: the word a certificate of a form prints as its title ("Bằng khen",
-- "Giấy khen"), kept on the form's row with the rest of its rule, so the form of a new decree prints
-- right without a code change (an administrator sets it with the row). Empty for titles (danh
-- hiệu), whose certificate reads "Công nhận danh hiệu" and the title's name.
ALTER TABLE award_form ADD COLUMN certificate_title TEXT;
UPDATE award_form SET certificate_title = 'Bằng khen' WHERE name LIKE 'Bằng khen%';
UPDATE award_form SET certificate_title = 'Giấy khen' WHERE name LIKE 'Giấy khen%';
