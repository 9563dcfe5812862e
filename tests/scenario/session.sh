# tests/scenario/session.sh: log in, CSRF on logout, log out, the failed-login count.
. "$ROOT/tests/scenario/lib.sh"
login admin && ok login
http GET /; expect_body home "Quản trị hệ thống"
http POST /logout "_csrf=bad"; expect_status csrf-bad 403
http POST /logout "_csrf=$CSRF"; expect_status logout 303
http GET /; expect_body loggedout "Đăng nhập"
# The throttle's bookkeeping (auth_attempt_reserve): a wrong password leaves exactly one failure
# row for the account; a right login clears them; a busy or half-done attempt is not counted
# (test_auth.c covers those).
COOKIE=""
http POST /login "login=xem&password=sai-mat-khau-nhe"; expect_status login-wrong 401
n=$(sql "SELECT count(*) FROM login_failure WHERE login='xem'")
[ "$n" = 1 ] && ok login-wrong-counted-once || fail login-wrong-counted-once "$n rows"
login xem && n=$(sql "SELECT count(*) FROM login_failure WHERE login='xem'") && \
  { [ "$n" = 0 ] && ok login-right-clears-failures || fail login-right-clears-failures "$n rows"; }
