/* vn_error.h: the one error record of the Vietnamese text module (vn.h and vn_calendar.h), so a
 * file that reads amounts and sender names (a donation importer) can include both halves.
 * Text checks (vn_normalize, field limits) set `code` and the numbers beside it; parsers of
 * amounts, dates, lunar dates, holidays and legacy encodings set `offset`/`length` (the part of
 * the caller's input they could not read) and `message`, a complete Vietnamese sentence that
 * quotes it. vn_error_message (vn.h) turns either kind into text. */
#ifndef THIDUA_VN_ERROR_H
#define THIDUA_VN_ERROR_H
#include <stddef.h>

enum vn_status {
    VN_OK = 0,
    VN_ERR_UTF8 = -1,      /* invalid UTF-8 at err.offset */
    VN_ERR_CONTROL = -2,   /* a control character at err.offset (without VN_NORM_REPAIR) */
    VN_ERR_NEWLINE = -3,   /* a line break at err.offset in a single-line field */
    VN_ERR_TOO_SHORT = -4, /* fewer than err.limit characters (err.count has the count) */
    VN_ERR_TOO_LONG = -5,  /* more than err.limit characters (err.count has the count) */
};

struct vn_error {
    int code;       /* an enum vn_status (text checks); parsers leave it 0 and fill message */
    size_t offset;  /* byte offset into the input: UTF8, CONTROL, NEWLINE, and parse failures */
    size_t length;  /* bytes of the unreadable part (parsers) */
    size_t limit;   /* the limit broken, for TOO_SHORT and TOO_LONG */
    size_t count;   /* characters found, for TOO_SHORT and TOO_LONG */
    char message[320];   /* parsers: a Vietnamese sentence naming the part; "" for text checks */
};

#endif
