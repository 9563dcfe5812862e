/* pii.h: what personal data looks like and how it is shown: masking of phones, citizen ID
 * numbers, bank accounts, birth dates and e-mails for roles without the capability pii.read (and
 * on every public page, whoever looks); masking of such numbers inside free text (bank transfer
 * messages); which JSON keys are personal (the audit log vaults them, see audit.h). The lowest
 * piece of the privacy code: it reads no table and writes nothing, so audit.c builds on it
 * while erasure (privacy.h) builds on audit.c. Rules and reasons: docs/privacy.md.
 *
 * Every mask_* function returns a new string in the arena `a` (NULL in, NULL out), never
 * fails, and never returns more of the value than the documented rule keeps. */
#ifndef THIDUA_PII_H
#define THIDUA_PII_H
#include <stdbool.h>

#include "web.h"

enum pii_kind {
    PII_NONE = 0,              /* not personal */
    PII_PHONE,                 /* "0912345678"   → "0912***678" */
    PII_CITIZEN_ID,            /* "001099012345" → "001******345" */
    PII_ACCOUNT,               /* "10400425712"  → "1040****257" */
    PII_BIRTHDATE,             /* "1985-03-12"   → "1985" */
    PII_EMAIL,                 /* "an.nguyen@gmail.com" → "a***@gmail.com" */
    PII_TEXT,                  /* free text: numbers inside masked by mask_text() */
};

/* Phone: the digits (a leading '+' kept, spaces, dots, dashes and brackets dropped); the first
 * four and the last three stay, each hidden digit becomes '*'. Fewer than 7 digits: "***". */
char *mask_phone(arena *a, const char *s);
/* Citizen ID (CCCD, 12 digits): the first three (province code) and the last three stay; the
 * 4th digit (sex and century) and 5th–6th (year of birth) are always hidden.
 * "001099012345" → "001******345". Old 9-digit CMND: "012345678" → "01****678". Other lengths
 * of 6 or more characters keep only the last three; shorter ones give "***". */
char *mask_citizen_id(arena *a, const char *s);
/* Bank account: letters and digits, separators dropped. 10 or more: first four and last three
 * ("10400425712" → "1040****257"); 7–9: first two and last three; fewer: "***". */
char *mask_account(arena *a, const char *s);
/* Birth date: the year only ("1985-03-12" or "12/03/1985" → "1985"); unreadable: "****". */
char *mask_birthdate(arena *a, const char *s);
/* E-mail: first character of the local part, "***", then the domain as is
 * ("an.nguyen@gmail.com" → "a***@gmail.com"); no '@': "***". */
char *mask_email(arena *a, const char *s);
/* Free text (transfer messages, notes): masks personal numbers and leaves the rest as is.
 *  1. A run of 9 to 19 ASCII digits (not touching another digit; letters and punctuation
 *     around it do not matter, so "MBVCB.6988288617.227" and "CCD036056000355" are found):
 *       10 digits starting with 0, or 11 starting with 84 → phone rule  (0912***678)
 *       12 digits starting with 0                          → citizen ID (036******355)
 *       9 digits                                           → first 2 and last 3 kept
 *       anything else (10–19)                              → account rule (1040****257)
 *  2. A phone written in groups ("0912 345 678", "0912.345.678", "091-234-5678", "+84 912 345
 *     678"): 2 or more groups of 2+ digits joined by one kind of separator (space, dot or
 *     dash), 10 digits in all starting with 0 (or 11 starting with 84), standing alone (no
 *     letter, digit or '*' touching either end, and not continuing a number just before it,
 *     as in "12 0912 345 678"): first 4 and last 3 digits kept, separators
 *     kept. The first groups that complete a phone are taken ("0912 345 678 12" → the 12 stays).
 *  Runs of 8 digits or fewer (dates, amounts, times) and of 20 or more (bank references) are
 *  left alone. Amounts of 9+ digits written without separators are masked too: a false
 *  positive costs less than a leaked account number. */
char *mask_text(arena *a, const char *s);
/* True if mask_text() would change s (it contains a personal number by the rules above). */
bool privacy_text_has_pii(const char *s);
/* Masks by kind (PII_NONE returns a copy). */
char *privacy_mask(arena *a, enum pii_kind kind, const char *value);

/* The kind of a JSON key or column name: "phone", "email", "citizen_id", "cccd", "cmnd",
 * "id_number", "bank_account", "account_number", "birth_date", "dob" … also with a prefix
 * ending in '_' ("contact_phone", "donor_email"). PII_NONE for other names. */
enum pii_kind privacy_field_kind(const char *name);

/* True if this request may see unmasked personal data: the user has pii.read and the page is
 * not public (public pages always mask). */
bool privacy_can_see(req *r);
/* The value as this request may see it: as is, or masked (string in r's arena). */
const char *privacy_show(req *r, enum pii_kind kind, const char *value);
#endif
