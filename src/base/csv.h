/* csv.h: writing CSV for every export of thidua (units, later donations, awards …), and the rule
 * that keeps an exported file from running code when a spreadsheet opens it.
 *
 * Format (RFC 4180): cells separated by commas, records ended by CRLF; a cell is wrapped in
 * double quotes when it contains a comma, a double quote, CR or LF, or begins or ends with a
 * space (some readers trim unquoted cells); a double quote inside is written twice. Files start
 * with a UTF-8 byte order mark when the caller asks (csv_bom), which Excel needs to read UTF-8.
 *
 * Formula neutralisation ("CSV injection"): Excel, LibreOffice and Google Sheets run a cell that
 * begins with = + - @ as a formula (=HYPERLINK(…), =cmd|…, DDE), and some also when such a sign
 * follows a leading TAB or CR. So every TEXT cell whose first character is one of
 *     =  +  -  @  TAB (U+0009)  CR (U+000D)
 * or the full-width forms ＝ ＋ － ＠ (U+FF1D U+FF0B U+FF0D U+FF20, which some spreadsheet
 * versions convert to their ASCII forms on input) is written with an apostrophe (') in front:
 * spreadsheets show the text as typed and never evaluate it. Numbers the program itself writes
 * (csv_int) are not text and are not prefixed, so -5 stays a number. Our CSV reader (import.h)
 * removes that one apostrophe again when it is followed by one of those characters, so an
 * exported file imports back unchanged. A value that already begins with apostrophes followed
 * by such a character gets one more ("'=x" is written "''=x"), so the round trip is exact. */
#ifndef THIDUA_CSV_H
#define THIDUA_CSV_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* True if s[0..len) would be taken as a formula by a spreadsheet (see the rule above). */
bool csv_formula_like(const char *s, size_t len);
/* Length of the neutralising apostrophe at the start of s (0 or 1): 1 when s begins with one or
 * more "'" followed by a character csv_formula_like() reacts to. The reader drops that many bytes
 * to undo the rule. */
size_t csv_neutral_prefix(const char *s, size_t len);

/* Appends one text cell (NULL or "" writes an empty cell), neutralised and quoted as needed.
 * Does not write a separator: use csv_sep between cells and csv_eol after the last one. */
void csv_text(buf *b, const char *s);
void csv_textn(buf *b, const char *s, size_t len);
/* Appends an integer cell (never neutralised: it is a number, not text). */
void csv_int(buf *b, int64_t v);
void csv_sep(buf *b);                      /* "," */
void csv_eol(buf *b);                      /* "\r\n" */
void csv_bom(buf *b);                      /* UTF-8 BOM, once at the start of a file */
/* A whole record of text cells: cells[0..n) then CRLF. */
void csv_row(buf *b, const char *const *cells, size_t n);
#endif
