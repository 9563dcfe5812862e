/* fund_qr.c: the VietQR payload of a fund's account — EMVCo merchant-presented QR with NAPAS's
 * account-transfer service (QRIBFTTA): ID/length/value fields, then the CRC-16/CCITT-FALSE of
 * everything before it, "6304" included. The message carries the donor's reference, so the
 * statement line names it exactly. Drawing the code is qr.h's job. */
#include <stdio.h>
#include <string.h>

#include "fund.h"

unsigned vietqr_crc16(const char *data, size_t len)
{
    unsigned crc = 0xFFFF;
    for (size_t i = 0; i < len; i++) {
        crc ^= (unsigned)(unsigned char)data[i] << 8;
        for (int b = 0; b < 8; b++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xFFFF : (crc << 1) & 0xFFFF;
    }
    return crc;
}

static void tlv(buf *b, const char *id, const char *value)
{
    buf_printf(b, "%s%02zu%s", id, strlen(value), value);
}

char *vietqr_payload(arena *a, const char *bank_bin, const char *account, int64_t amount, const char *message)
{
    if (!bank_bin || strlen(bank_bin) != 6 || bank_bin[strspn(bank_bin, "0123456789")]) return NULL;
    size_t an = account ? strlen(account) : 0;
    if (!an || an > 19 || account[strspn(account, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")])
        return NULL;
    if (amount < 0 || amount > 9999999999999LL) return NULL;
    /* Banking apps show the message as ASCII: diacritics folded away, at most 25 characters
     * (the field's limit), printable ASCII only. */
    buf msg = {0};
    if (message) {
        buf folded = {0};
        bool ascii = true;
        for (const char *p = message; *p; p++) ascii &= (unsigned char)*p < 128;
        if (ascii) buf_puts(&folded, message);
        else vn_fold(message, strlen(message), &folded);
        for (size_t i = 0; i < folded.len && msg.len < 25; i++)
            if (folded.data[i] >= 32 && folded.data[i] < 127) buf_putc(&msg, folded.data[i]);
        buf_free(&folded);
    }
    buf bank = {0}, mai = {0}, out = {0};
    tlv(&bank, "00", bank_bin);
    tlv(&bank, "01", account);
    tlv(&mai, "00", "A000000727");
    tlv(&mai, "01", buf_str(&bank));
    tlv(&mai, "02", "QRIBFTTA");
    tlv(&out, "00", "01");
    tlv(&out, "01", amount > 0 ? "12" : "11");
    tlv(&out, "38", buf_str(&mai));
    tlv(&out, "53", "704");
    if (amount > 0) {
        char am[24];
        snprintf(am, sizeof am, "%lld", (long long)amount);
        tlv(&out, "54", am);
    }
    tlv(&out, "58", "VN");
    if (msg.len) {
        buf add = {0};
        tlv(&add, "08", buf_str(&msg));
        tlv(&out, "62", buf_str(&add));
        buf_free(&add);
    }
    buf_puts(&out, "6304");
    buf_printf(&out, "%04X", vietqr_crc16(out.data, out.len));
    char *r = arena_strdup(a, out.data);
    buf_free(&bank);
    buf_free(&mai);
    buf_free(&out);
    buf_free(&msg);
    return r;
}
