/* totp.c: time-based one-time passwords (RFC 6238 over RFC 4226 HOTP) for the optional
 * two-factor login of administrators: SHA-1 and HMAC-SHA-1 (authenticator apps use SHA-1 and
 * libsodium has no SHA-1), base32 secrets (RFC 4648), new secrets from libsodium randomness,
 * and the check with a ±1 step window that reports which step matched (for replay refusal). */
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "totp.h"

struct sha1 { uint32_t h[5]; uint64_t len; unsigned char block[64]; size_t used; };

static uint32_t rol(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

static void sha1_block(struct sha1 *c, const unsigned char *p)
{
    uint32_t w[80];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 80; i++) w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    uint32_t a = c->h[0], b = c->h[1], cc = c->h[2], d = c->h[3], e = c->h[4];
    for (int i = 0; i < 80; i++) {
        uint32_t f, k;
        if (i < 20) { f = (b & cc) | (~b & d); k = 0x5A827999; }
        else if (i < 40) { f = b ^ cc ^ d; k = 0x6ED9EBA1; }
        else if (i < 60) { f = (b & cc) | (b & d) | (cc & d); k = 0x8F1BBCDC; }
        else { f = b ^ cc ^ d; k = 0xCA62C1D6; }
        uint32_t t = rol(a, 5) + f + e + k + w[i];
        e = d; d = cc; cc = rol(b, 30); b = a; a = t;
    }
    c->h[0] += a; c->h[1] += b; c->h[2] += cc; c->h[3] += d; c->h[4] += e;
}

static void sha1_init(struct sha1 *c)
{
    static const uint32_t init[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
    memcpy(c->h, init, sizeof init);
    c->len = 0;
    c->used = 0;
}

static void sha1_update(struct sha1 *c, const unsigned char *p, size_t n)
{
    c->len += n;
    while (n--) {
        c->block[c->used++] = *p++;
        if (c->used == 64) { sha1_block(c, c->block); c->used = 0; }
    }
}

static void sha1_final(struct sha1 *c, unsigned char out[20])
{
    uint64_t bits = c->len * 8;
    unsigned char pad = 0x80, zero = 0;
    sha1_update(c, &pad, 1);
    while (c->used != 56) sha1_update(c, &zero, 1);
    unsigned char lenb[8];
    for (int i = 0; i < 8; i++) lenb[i] = (unsigned char)(bits >> (56 - 8 * i));
    sha1_update(c, lenb, 8);
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 4; j++) out[4 * i + j] = (unsigned char)(c->h[i] >> (24 - 8 * j));
}

/* HMAC-SHA-1 (RFC 2104) of msg under key. */
void hmac_sha1(const unsigned char *key, size_t keylen, const unsigned char *msg, size_t n, unsigned char out[20])
{
    unsigned char k[64] = {0}, ipad[64], opad[64], inner[20];
    struct sha1 c;
    if (keylen > 64) { sha1_init(&c); sha1_update(&c, key, keylen); sha1_final(&c, k); }
    else memcpy(k, key, keylen);
    for (int i = 0; i < 64; i++) { ipad[i] = k[i] ^ 0x36; opad[i] = k[i] ^ 0x5c; }
    sha1_init(&c); sha1_update(&c, ipad, 64); sha1_update(&c, msg, n); sha1_final(&c, inner);
    sha1_init(&c); sha1_update(&c, opad, 64); sha1_update(&c, inner, 20); sha1_final(&c, out);
}

/* Decodes RFC 4648 base32 (case-insensitive, '=' and spaces ignored); -1 on a bad character. */
int base32_decode(const char *s, unsigned char *out, size_t cap)
{
    uint32_t acc = 0;
    int bits = 0;
    size_t n = 0;
    for (; *s; s++) {
        int v;
        char ch = *s;
        if (ch == '=' || ch == ' ') continue;
        if (ch >= 'a' && ch <= 'z') ch = (char)(ch - 32);
        if (ch >= 'A' && ch <= 'Z') v = ch - 'A';
        else if (ch >= '2' && ch <= '7') v = ch - '2' + 26;
        else return -1;
        acc = (acc << 5) | (uint32_t)v;
        bits += 5;
        if (bits >= 8) {
            if (n >= cap) return -1;
            out[n++] = (unsigned char)(acc >> (bits - 8));
            bits -= 8;
        }
    }
    return (int)n;
}

/* HOTP value (6 digits) for a counter. */
int totp_code_at(const unsigned char *key, size_t keylen, uint64_t counter)
{
    unsigned char msg[8], mac[20];
    for (int i = 7; i >= 0; i--) { msg[i] = (unsigned char)counter; counter >>= 8; }
    hmac_sha1(key, keylen, msg, 8, mac);
    int off = mac[19] & 0x0f;
    uint32_t bin = (uint32_t)(mac[off] & 0x7f) << 24 | (uint32_t)mac[off + 1] << 16 |
                   (uint32_t)mac[off + 2] << 8 | mac[off + 3];
    return (int)(bin % 1000000);
}

/* Decodes a secret into key; returns its length, or -1 if it is not base32 or shorter than
 * 80 bits (RFC 4226 asks for at least 128; 80 is what some older apps issued). */
static int secret_key(const char *base32_secret, unsigned char key[64])
{
    int keylen = base32_secret ? base32_decode(base32_secret, key, 64) : -1;
    return keylen < 10 ? -1 : keylen;
}

int64_t auth_totp_match(const char *base32_secret, const char *code, int64_t now)
{
    unsigned char key[64];
    int keylen = secret_key(base32_secret, key);
    if (keylen < 0 || !code || strlen(code) != 6 || now < 0) return -1;
    int want = 0;
    for (const char *p = code; *p; p++) {
        if (*p < '0' || *p > '9') return -1;
        want = want * 10 + (*p - '0');
    }
    uint64_t step = (uint64_t)now / 30;
    int64_t matched = -1;
    for (int d = -1; d <= 1; d++) {  /* no early exit: the same work whichever step matches */
        if (d < 0 && step == 0) continue;
        uint64_t s = step + (uint64_t)(int64_t)d;
        int hit = totp_code_at(key, (size_t)keylen, s) == want;
        if (hit && matched < 0) matched = (int64_t)s;
    }
    sodium_memzero(key, sizeof key);
    return matched;
}

bool auth_totp_check(const char *base32_secret, const char *code, int64_t now)
{
    return auth_totp_match(base32_secret, code, now) >= 0;
}

int auth_totp_code(const char *base32_secret, int64_t when)
{
    unsigned char key[64];
    int keylen = secret_key(base32_secret, key);
    if (keylen < 0 || when < 0) return -1;
    int code = totp_code_at(key, (size_t)keylen, (uint64_t)when / 30);
    sodium_memzero(key, sizeof key);
    return code;
}

void base32_encode(const unsigned char *in, size_t n, char *out)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    uint32_t acc = 0;
    int bits = 0;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        acc = (acc << 8) | in[i];
        bits += 8;
        while (bits >= 5) {
            out[o++] = alphabet[(acc >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0) out[o++] = alphabet[(acc << (5 - bits)) & 31];
    out[o] = 0;
}

void auth_totp_secret_new(char out[33])
{
    unsigned char raw[20];
    if (sodium_init() < 0) abort();
    randombytes_buf(raw, sizeof raw);
    base32_encode(raw, sizeof raw, out);
    sodium_memzero(raw, sizeof raw);
}
