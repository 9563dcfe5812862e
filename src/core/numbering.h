/* numbering.h: numbering registers (sổ đăng ký) that never skip or repeat: receipts per fund per
 * year, decisions per issuer per calendar year, sổ vàng numbers per register. A register is a
 * kind, an owner and a year; a number belongs to exactly one stored document.
 *
 * numbering_next assigns the next number INSIDE the caller's write transaction (the one that
 * stores the document), so a rolled-back document gives its number back and no gap appears;
 * uniqueness is a primary key (kind, owner, year, number), so it also holds across processes.
 * A number the office's paper register gave is entered with numbering_claim (checked unique).
 * A number is never deleted: numbering_void marks it void with a reason, audited. */
#ifndef THIDUA_NUMBERING_H
#define THIDUA_NUMBERING_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "actor.h"
#include "store.h"

struct numbering_key {
    const char *kind;          /* "receipt", "decision", "so_vang" … */
    const char *owner;         /* "fund:12", "issuer:UBND", "register:BK-UBND" … */
    int year;
};
/* Inside a write transaction: the next number of the register (max + 1; 1 for a new year),
 * bound to `document` ("donation_receipt:123", "decision:7"). > 0, or -1 on a store error. */
int64_t numbering_next(store *s, const struct numbering_key *k, const char *document);
/* Inside a write transaction: records a number given by hand. 1 done; 0 taken (msg, when
 * given, gets a Vietnamese sentence naming the document that holds it); -1 store error. */
int numbering_claim(store *s, const struct numbering_key *k, int64_t number, const char *document,
                    char *msg, size_t msglen);
/* Marks a number void with a reason, in its own transaction with an audit entry. 1 done; 0 no
 * such number or already void (msg says which); -1 store error. */
int numbering_void(store *s, const struct actor *ac, const struct numbering_key *k, int64_t number,
                   const char *reason, char *msg, size_t msglen);
/* The document a number is bound to (arena text), or NULL. */
const char *numbering_document(store *s, arena *a, const struct numbering_key *k, int64_t number);

/* ---- limits, rules and the read side (the /registers pages, `thidua register`) ---- */
#define NUMBERING_KIND_MAX 40        /* bytes: [a-z0-9_.-] */
#define NUMBERING_OWNER_MAX 100      /* bytes of UTF-8, no space, control character or '/' */
#define NUMBERING_DOCUMENT_MAX 200
#define NUMBERING_REASON_MAX 500     /* characters */
/* A key numbering accepts (kind and owner shapes as above, year 1900–2200). */
bool numbering_key_valid(const struct numbering_key *k);
/* Who may void a number: capability appraise or settings (numbering_void checks it itself). */
bool numbering_may_void(const struct actor *ac);
struct numbering_register {
    struct numbering_key key;          /* arena text */
    int64_t count, last, voided;       /* numbers given, the highest, how many are void */
};
/* Every register that has a number, by kind, owner, year (newest first). 0, or < 0. */
int numbering_registers(store *s, arena *a, struct numbering_register **out, int *n);
struct numbering_entry {
    int64_t number;
    const char *document, *created_at;
    bool claimed;                      /* entered by hand from the paper register */
    const char *voided_at, *voided_by, *void_reason;   /* NULL unless void */
};
/* The numbers of one register in order (arena). 0, or < 0. An invalid key has none. */
int numbering_entries(store *s, arena *a, const struct numbering_key *k, struct numbering_entry **out, int *n);
#endif
