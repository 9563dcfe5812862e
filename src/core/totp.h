/* totp.h: time-based one-time passwords for the optional two-factor login (core/totp.c). */
#ifndef THIDUA_TOTP_H
#define THIDUA_TOTP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* TOTP (RFC 6238, SHA-1, 6 digits, 30 s steps). auth_totp_match returns the time step
 * (unix/30) whose code equals `code` within now ±1 step, or -1; callers store the step and
 * refuse a step not newer than the last one used, so a code cannot be replayed. */
int64_t auth_totp_match(const char *base32_secret, const char *code, int64_t now);
bool auth_totp_check(const char *base32_secret, const char *code, int64_t now);
/* A new secret: 20 random bytes (160 bits, RFC 4226's recommendation) as 32 base32 chars. */
void auth_totp_secret_new(char out[33]);
/* The 6-digit code of a secret at a unix time, or -1 for a bad secret (tests, CLI helper). */
int auth_totp_code(const char *base32_secret, int64_t when);
/* RFC 4648 base32 without padding; out needs 8*ceil(n/5)+1 bytes. */
void base32_encode(const unsigned char *in, size_t n, char *out);
int base32_decode(const char *s, unsigned char *out, size_t cap);
void hmac_sha1(const unsigned char *key, size_t keylen, const unsigned char *msg, size_t n, unsigned char out[20]);
int totp_code_at(const unsigned char *key, size_t keylen, uint64_t counter);
#endif
