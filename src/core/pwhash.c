/* pwhash.c: passwords (pwhash.h): the bound on concurrent Argon2id work, hashing at the
 * database's cost, verifying, rehash detection, the dummy hash that keeps an unknown login as
 * slow as a known one, and the password rules. */
#include "pwhash.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>

/* ---- the bound on concurrent hashing ----
 * A mutex and a condition variable rather than a semaphore, so the bound can change at run time
 * and the peak is observable (tests, /metrics). The condition uses the monotonic clock: a wall
 * clock step must not turn a 10 s wait into an hour. */
static pthread_mutex_t hash_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t hash_cv;
static pthread_once_t hash_once = PTHREAD_ONCE_INIT;
static int hash_slots = 2, hash_wait_ms = 10000, hash_in_use, hash_peak;
static unsigned long long hash_taken, hash_refused;   /* for /metrics */

static void hash_init(void)
{
    if (sodium_init() < 0) abort();
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&hash_cv, &ca);
    pthread_condattr_destroy(&ca);
}

void auth_hash_limits(int slots, int wait_ms)
{
    pthread_once(&hash_once, hash_init);
    pthread_mutex_lock(&hash_mu);
    if (slots >= 1 && slots <= 64) hash_slots = slots;
    if (wait_ms >= 0) hash_wait_ms = wait_ms;
    pthread_cond_broadcast(&hash_cv);
    pthread_mutex_unlock(&hash_mu);
}

void auth_hash_stats(int *in_use, int *peak)
{
    pthread_mutex_lock(&hash_mu);
    if (in_use) *in_use = hash_in_use;
    if (peak) *peak = hash_peak;
    pthread_mutex_unlock(&hash_mu);
}

void auth_hash_metrics(buf *out)
{
    pthread_mutex_lock(&hash_mu);
    buf_printf(out, "# HELP thidua_password_hashes_total Argon2id hashes started (logins, password changes).\n"
                    "# TYPE thidua_password_hashes_total counter\nthidua_password_hashes_total %llu\n"
                    "# HELP thidua_password_hash_refusals_total Requests refused after waiting for a hashing slot.\n"
                    "# TYPE thidua_password_hash_refusals_total counter\nthidua_password_hash_refusals_total %llu\n"
                    "# HELP thidua_password_hashes_running Hashes running now, out of thidua_password_hash_slots.\n"
                    "# TYPE thidua_password_hashes_running gauge\nthidua_password_hashes_running %d\n"
                    "# HELP thidua_password_hash_slots Hashes allowed at once (each takes ~64 MiB).\n"
                    "# TYPE thidua_password_hash_slots gauge\nthidua_password_hash_slots %d\n",
               hash_taken, hash_refused, hash_in_use, hash_slots);
    pthread_mutex_unlock(&hash_mu);
}

bool auth_hash_slot_take(int wait_ms)
{
    pthread_once(&hash_once, hash_init);
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += wait_ms / 1000;
    deadline.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) { deadline.tv_sec++; deadline.tv_nsec -= 1000000000L; }
    pthread_mutex_lock(&hash_mu);
    while (hash_in_use >= hash_slots) {
        if (pthread_cond_timedwait(&hash_cv, &hash_mu, &deadline) == ETIMEDOUT && hash_in_use >= hash_slots) {
            hash_refused++;
            pthread_mutex_unlock(&hash_mu);
            return false;
        }
    }
    if (++hash_in_use > hash_peak) hash_peak = hash_in_use;
    hash_taken++;
    pthread_mutex_unlock(&hash_mu);
    return true;
}

void auth_hash_slot_release(void)
{
    pthread_mutex_lock(&hash_mu);
    if (hash_in_use > 0) hash_in_use--;
    pthread_cond_signal(&hash_cv);
    pthread_mutex_unlock(&hash_mu);
}

static int current_wait_ms(void)
{
    pthread_mutex_lock(&hash_mu);
    int w = hash_wait_ms;
    pthread_mutex_unlock(&hash_mu);
    return w;
}

/* ---- password hashing ---- */
/* "cheap" (1 pass, 8 KiB) exists so test suites can create many users quickly; it is set only
 * by `thidua init --cheap-hash` and says so on the admin pages. */
static bool pwhash_cheap(store *s)
{
    arena a = {0};
    char *cost = NULL;
    store_text(s, &cost, &a, "SELECT value FROM setting WHERE name='auth.pwhash'", "");
    bool cheap = str_eq(cost, "cheap");
    arena_free(&a);
    return cheap;
}

static unsigned long long ops_for(bool cheap) { return cheap ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE; }
static size_t mem_for(bool cheap) { return cheap ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE; }

/* Passwords are hashed in Unicode NFKC (NIST SP 800-63B 5.1.1.2), so "mật khẩu" typed as
 * precomposed or as combining marks (macOS, some Vietnamese keyboards) is the same password.
 * Returns a malloc'd copy, or NULL to use the bytes as given (ASCII, or not UTF-8). */
static char *pw_normalize(const char *pw)
{
    bool ascii = true;
    for (const unsigned char *p = (const unsigned char *)pw; *p; p++)
        if (*p >= 0x80) { ascii = false; break; }
    if (ascii) return NULL;
    return (char *)utf8proc_NFKC((const utf8proc_uint8_t *)pw);
}

static int hash_with(bool cheap, const char *password, char out[crypto_pwhash_STRBYTES], int wait_ms)
{
    if (!auth_hash_slot_take(wait_ms)) return -1;
    char *norm = pw_normalize(password);
    const char *pw = norm ? norm : password;
    int rc = crypto_pwhash_str(out, pw, strlen(pw), ops_for(cheap), mem_for(cheap));
    if (norm) { sodium_memzero(norm, strlen(norm)); free(norm); }
    auth_hash_slot_release();
    return rc == 0 ? 0 : -1;
}

int auth_hash_password(store *s, const char *password, char out[crypto_pwhash_STRBYTES])
{
    if (!password) return -1;
    return hash_with(pwhash_cheap(s), password, out, current_wait_ms());
}

enum auth_pw auth_password_verify(const char *hash, const char *password)
{
    if (!hash || !password) return AUTH_PW_BAD;
    if (!auth_hash_slot_take(current_wait_ms())) return AUTH_PW_BUSY;
    char *norm = pw_normalize(password);
    const char *pw = norm ? norm : password;
    bool ok = crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
    if (norm) { sodium_memzero(norm, strlen(norm)); free(norm); }
    auth_hash_slot_release();
    return ok ? AUTH_PW_OK : AUTH_PW_BAD;
}

bool auth_verify_password(const char *hash, const char *password)
{
    return auth_password_verify(hash, password) == AUTH_PW_OK;
}

bool auth_password_needs_rehash(store *s, const char *hash)
{
    bool cheap = pwhash_cheap(s);
    return hash && crypto_pwhash_str_needs_rehash(hash, ops_for(cheap), mem_for(cheap)) != 0;
}

const char *auth_dummy_hash(store *s)
{
    static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    static char dummy[2][crypto_pwhash_STRBYTES];
    bool cheap = pwhash_cheap(s);
    pthread_mutex_lock(&mu);
    if (!dummy[cheap][0]) {
        char random_pw[33];
        random_hex(random_pw, 16);
        if (hash_with(cheap, random_pw, dummy[cheap], current_wait_ms()) != 0) dummy[cheap][0] = 0;
    }
    const char *h = dummy[cheap][0] ? dummy[cheap] : NULL;
    pthread_mutex_unlock(&mu);
    return h;
}

/* A few passwords that guessing lists try first; compared ignoring ASCII case. */
static const char *const common_passwords[] = {
    "0123456789", "1234567890", "12345678910", "0987654321", "1111111111", "1234512345",
    "password123", "password1234", "passw0rd123", "matkhau123", "matkhau1234", "matkhau@123",
    "qwertyuiop", "qwerty1234", "qwerty12345", "1qaz2wsx3edc", "abc1234567", "abcd123456",
    "admin12345", "admin@1234", "administrator", "iloveyou123", "thidua2024", "thidua2025",
    "thiduakhenthuong", "khenthuong", "khenthuong123", "vietnam123", "vietnam1234",
};

const char *auth_password_problem(const char *password, const char *login)
{
    if (str_empty(password)) return "Hãy nhập mật khẩu.";
    size_t bytes = strlen(password);
    if (bytes > AUTH_PASSWORD_MAX) return "Mật khẩu dài quá 200 byte.";
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)password;
    utf8proc_ssize_t left = (utf8proc_ssize_t)bytes;
    int chars = 0;
    utf8proc_int32_t first = -1;
    bool all_same = true;
    while (left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n < 0) return "Mật khẩu không phải văn bản UTF-8 hợp lệ.";
        if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) return "Mật khẩu chứa ký tự điều khiển.";
        if (first < 0) first = cp;
        else if (cp != first) all_same = false;
        chars++;
        p += n;
        left -= n;
    }
    if (chars < AUTH_PASSWORD_MIN) return "Mật khẩu phải có ít nhất 10 ký tự.";
    if (all_same) return "Mật khẩu không được chỉ lặp lại một ký tự.";
    if (login && strlen(login) >= 3 && strcasestr(password, login))
        return "Mật khẩu không được chứa tên đăng nhập.";
    for (size_t i = 0; i < countof(common_passwords); i++)
        if (strcasecmp(password, common_passwords[i]) == 0)
            return "Mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác.";
    return NULL;
}
