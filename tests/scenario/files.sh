# tests/scenario/files.sh: stored files through a real route: the official documents attached to
# a working-day amendment (holiday_files_web.c) and their download (/files/{kind}/{owner}/{id},
# stored_file.c): a multipart upload stored and listed with its type and image size; refusals
# (a PDF sent as an image, an HTML page) with the sentence naming the file, leaving nothing
# stored (all files of an upload or none); the download's type, Content-Disposition with the
# Vietnamese name, nosniff and sandbox; who may download (signed-in users; not anonymous, not
# through another record, not through an unregistered kind); and removal of the amendment
# taking its attachments with it.
. "$ROOT/tests/scenario/lib.sh"

"$THIDUA" holiday amend 14/09/2026 off --note "Nghỉ thử nghiệm" --db "$DB" >/dev/null
HID=$(sql "SELECT id FROM holiday_amendment WHERE day='2026-09-14'")

# Files made here: a PDF, a real PNG (zlib, 3 x 2), an HTML page.
python3 - "$T" <<'PY'
import struct, sys, zlib
d = sys.argv[1]
open(d + "/doc.pdf", "wb").write(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
def chunk(t, b): return struct.pack(">I", len(b)) + t + b + struct.pack(">I", zlib.crc32(t + b) & 0xffffffff)
raw = b"".join(b"\x00" + b"\xff\x00\x00" * 3 for _ in range(2))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 3, 2, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
open(d + "/pic.png", "wb").write(png)
open(d + "/page.html", "wb").write(b"<!DOCTYPE html><html><script>alert(1)</script></html>")
PY

# upload PATH CAPTION NAME:TYPE:FILE … → a multipart POST with the session's cookie and token.
upload() {
  path=$1; caption=$2; shift 2
  python3 - "$T/request" "$path" "$COOKIE" "$CSRF" "$caption" "$@" <<'PY'
import sys
out, path, cookie, csrf, caption = sys.argv[1:6]
b = b"----thiduaBoundary7"
parts = []
def field(name, value): parts.append(b"--" + b + b'\r\nContent-Disposition: form-data; name="' + name + b'"\r\n\r\n' + value + b"\r\n")
field(b"_csrf", csrf.encode()); field(b"caption", caption.encode())
for spec in sys.argv[6:]:
    name, ctype, f = spec.split(":", 2)
    parts.append(b"--" + b + b'\r\nContent-Disposition: form-data; name="file"; filename="' + name.encode() + b'"\r\nContent-Type: '
                 + ctype.encode() + b"\r\n\r\n" + open(f, "rb").read() + b"\r\n")
body = b"".join(parts) + b"--" + b + b"--\r\n"
head = "POST %s HTTP/1.1\r\nHost: test\r\nCookie: %s\r\nContent-Type: multipart/form-data; boundary=%s\r\nContent-Length: %d\r\n\r\n" % (
    path, cookie, b.decode(), len(body))
open(out, "wb").write(head.encode() + body)
PY
  http_raw "$T/request"
}

login admin
http GET /holidays?year=2026; expect_body holiday-list-links "href=\"/holidays/$HID/files\""
http GET /holidays/$HID/files; expect_status files-page 200
expect_body upload-field 'data-upload-progress'
expect_body upload-multipart 'enctype="multipart/form-data"'
expect_body upload-progress '<progress class="upload-progress"'

upload /holidays/$HID/files "Thông báo của Bộ" "Thông báo nghỉ lễ.pdf:application/pdf:$T/doc.pdf" "ảnh chụp.png:image/png:$T/pic.png"
expect_status upload 303
http GET /holidays/$HID/files; expect_body upload-listed 'Thông báo nghỉ lễ.pdf'
expect_body upload-type 'PDF'
expect_body upload-png-size '3 × 2 điểm ảnh'
expect_body upload-caption 'Thông báo của Bộ'
FID=$(sql "SELECT id FROM stored_file WHERE name='Thông báo nghỉ lễ.pdf'")
PID=$(sql "SELECT id FROM stored_file WHERE name='ảnh chụp.png'")
expect_body upload-link "href=\"/files/holiday_amendment/$HID/$FID\""
n=$(sql "SELECT count(*) FROM audit_log WHERE entity='holiday_amendment' AND action='attach'")
[ "$n" = 1 ] && ok upload-audited || fail upload-audited "$n attach entries, want 1"

rows() { sql "SELECT count(*) FROM stored_file"; }
before=$(rows)
upload /holidays/$HID/files "" "giay-khen.png:image/png:$T/doc.pdf"
expect_status refuse-pdf-as-image 400
expect_body refuse-pdf-as-image-message 'Tệp “giay-khen.png” được gửi như một ảnh (image/png) nhưng nội dung là PDF'
upload /holidays/$HID/files "" "bao-cao.html:text/html:$T/page.html"
expect_status refuse-html 400
expect_body refuse-html-message 'Tệp “bao-cao.html” là trang HTML'
# one bad file refuses the whole upload: the good one before it is not kept either
cp "$T/doc.pdf" "$T/doc2.pdf"; printf '\n%% another\n' >> "$T/doc2.pdf"
upload /holidays/$HID/files "" "tot.pdf:application/pdf:$T/doc2.pdf" "xau.html:text/html:$T/page.html"
expect_status refuse-all-or-nothing 400
[ "$(rows)" = "$before" ] && ok refused-nothing-stored || fail refused-nothing-stored "stored_file rows $before -> $(rows)"

http GET /files/holiday_amendment/$HID/$FID; expect_status download 200
expect_header download-type 'Content-Type: application/pdf'
expect_header download-disposition "Content-Disposition: inline; filename=\"thong bao nghi le.pdf\"; filename*=UTF-8''Th%C3%B4ng%20b%C3%A1o%20ngh%E1%BB%89%20l%E1%BB%85.pdf"
expect_header download-nosniff 'X-Content-Type-Options: nosniff'
expect_header download-sandbox 'Content-Security-Policy: sandbox'
cmp -s "$BODY_FILE" "$T/doc.pdf" && ok download-bytes || fail download-bytes "the served bytes differ from the upload"
http GET /files/holiday_amendment/$HID/$PID; expect_header download-png-type 'Content-Type: image/png'
http GET /files/holiday_amendment/$((HID + 999))/$FID; expect_status download-other-record 404
http GET /files/report/$HID/$FID; expect_status download-unregistered-kind 404
http GET /files/holiday_amendment/$HID/999999; expect_status download-no-file 404

login xem
http GET /files/holiday_amendment/$HID/$FID; expect_status download-viewer 200
upload /holidays/$HID/files "" "x.pdf:application/pdf:$T/doc2.pdf"; expect_status upload-viewer-denied 403
logout_local
http GET /files/holiday_amendment/$HID/$FID; expect_status download-anonymous 404
expect_no_body download-anonymous-no-bytes '%PDF'

login admin
http POST /holidays/$HID/delete "_csrf=$CSRF"; expect_status amendment-removed 303
n=$(sql "SELECT count(*) FROM file_attachment WHERE owner_kind='holiday_amendment' AND owner_id=$HID")
[ "$n" = 0 ] && ok removed-detached || fail removed-detached "$n attachments left"
http GET /files/holiday_amendment/$HID/$FID; expect_status download-after-remove 404
