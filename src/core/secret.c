/* secret.c: small secrets kept in the database sealed with a key that is not in it — today the
 * TOTP seeds of two-factor login. A copy of the database (a backup, a stolen disk image) then
 * does not hand over anyone's second factor: the seeds are useless without the key file.
 *
 * The key is 32 random bytes in a file beside the database (`<db>.key`, mode 0600) or where
 * THIDUA_KEY_FILE says; it is created the first time a secret is sealed. A sealed value is
 * "s1:" + hex(nonce ‖ XSalsa20-Poly1305 box) (libsodium crypto_secretbox); a value without
 * the prefix is taken as written (seeds stored before sealing existed) and sealed the next time
 * it is written. Losing the key loses the seeds: the administrator turns two-factor login off
 * for those users (`thidua user totp-off LOGIN`) and they enrol again (docs/operations.md). */
#include "secret.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SEAL_PREFIX "s1:"

/* One key per process (one database per process); loaded once. */
static pthread_mutex_t key_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char key[crypto_secretbox_KEYBYTES];
static char key_path[4096];
static bool key_loaded;

const char *secret_key_path(store *s, char *out, size_t outlen)
{
    const char *env = getenv("THIDUA_KEY_FILE");
    if (env && *env) snprintf(out, outlen, "%s", env);
    else snprintf(out, outlen, "%s.key", store_path(s));
    return out;
}

/* Loads the key, creating the file if `create` and it does not exist. 0 ok, -1 with err. */
static int load_key(store *s, bool create, char *err, size_t errlen)
{
    if (sodium_init() < 0) abort();
    char path[sizeof key_path];
    secret_key_path(s, path, sizeof path);
    pthread_mutex_lock(&key_lock);
    if (key_loaded && !strcmp(path, key_path)) { pthread_mutex_unlock(&key_lock); return 0; }
    int rc = -1;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT && create) {
        unsigned char fresh[sizeof key];
        randombytes_buf(fresh, sizeof fresh);
        /* O_EXCL: two processes creating at once must not each keep a different key. */
        int w = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (w >= 0) {
            bool ok = write(w, fresh, sizeof fresh) == (ssize_t)sizeof fresh && fsync(w) == 0;
            close(w);
            if (!ok) { unlink(path); snprintf(err, errlen, "cannot write the key file %s", path); goto out; }
        } else if (errno != EEXIST) {
            snprintf(err, errlen, "cannot create the key file %s: %s", path, strerror(errno));
            goto out;
        }
        sodium_memzero(fresh, sizeof fresh);
        fd = open(path, O_RDONLY | O_CLOEXEC);
    }
    if (fd < 0) {
        snprintf(err, errlen, "cannot read the key file %s: %s", path, strerror(errno));
        goto out;
    }
    struct stat st;
    ssize_t n = fstat(fd, &st) == 0 && st.st_size == (off_t)sizeof key ? read(fd, key, sizeof key) : -1;
    close(fd);
    if (n != (ssize_t)sizeof key) {
        snprintf(err, errlen, "the key file %s is not %zu bytes", path, sizeof key);
        goto out;
    }
    snprintf(key_path, sizeof key_path, "%s", path);
    key_loaded = true;
    rc = 0;
out:
    pthread_mutex_unlock(&key_lock);
    return rc;
}

char *secret_seal(store *s, arena *a, const char *plain, char *err, size_t errlen)
{
    if (!plain) return NULL;
    if (load_key(s, true, err, errlen) != 0) return NULL;
    size_t len = strlen(plain);
    size_t boxlen = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + len;
    unsigned char *box = arena_alloc(a, boxlen);
    randombytes_buf(box, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, (const unsigned char *)plain, len, box, key);
    char *out = arena_alloc(a, sizeof SEAL_PREFIX + boxlen * 2);
    memcpy(out, SEAL_PREFIX, sizeof SEAL_PREFIX - 1);
    sodium_bin2hex(out + sizeof SEAL_PREFIX - 1, boxlen * 2 + 1, box, boxlen);
    return out;
}

char *secret_open(store *s, arena *a, const char *stored, char *err, size_t errlen)
{
    if (!stored) return NULL;
    if (strncmp(stored, SEAL_PREFIX, sizeof SEAL_PREFIX - 1) != 0) return arena_strdup(a, stored);   /* never sealed */
    const char *hex = stored + sizeof SEAL_PREFIX - 1;
    size_t hexlen = strlen(hex);
    size_t boxlen = hexlen / 2;
    if (hexlen % 2 || boxlen < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
        snprintf(err, errlen, "a sealed secret is damaged");
        return NULL;
    }
    if (load_key(s, false, err, errlen) != 0) return NULL;
    unsigned char *box = arena_alloc(a, boxlen);
    size_t got = 0;
    if (sodium_hex2bin(box, boxlen, hex, hexlen, NULL, &got, NULL) != 0 || got != boxlen) {
        snprintf(err, errlen, "a sealed secret is damaged");
        return NULL;
    }
    size_t len = boxlen - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
    char *plain = arena_alloc(a, len + 1);
    if (crypto_secretbox_open_easy((unsigned char *)plain, box + crypto_secretbox_NONCEBYTES,
                                   boxlen - crypto_secretbox_NONCEBYTES, box, key) != 0) {
        snprintf(err, errlen, "a sealed secret does not open with the key file %s (another key?)", key_path);
        return NULL;
    }
    plain[len] = 0;
    return plain;
}

void secret_forget_key(void)
{
    pthread_mutex_lock(&key_lock);
    sodium_memzero(key, sizeof key);
    key_loaded = false;
    key_path[0] = 0;
    pthread_mutex_unlock(&key_lock);
}
