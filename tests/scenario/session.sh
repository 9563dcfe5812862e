# tests/scenario/session.sh: log in, CSRF on logout, log out.
. "$ROOT/tests/scenario/lib.sh"
login admin && ok login
http GET /; expect_body home "Quản trị hệ thống"
http POST /logout "_csrf=bad"; expect_status csrf-bad 403
http POST /logout "_csrf=$CSRF"; expect_status logout 303
http GET /; expect_body loggedout "Đăng nhập"
