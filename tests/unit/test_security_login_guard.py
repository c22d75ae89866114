"""Brute force against a login: a counter per name, a growing wait, a lock an administrator lifts,
and the same answers for a name that is no account."""

from datetime import timedelta

import pytest

from moi_desktop.errors import UserError
from moi_desktop.security import (
    AccountLocked,
    LoginDelayed,
    act_as,
    authenticate,
    create_user,
    get_user,
    list_entries,
    lock_after,
    login_state,
    set_lock_after,
    unlock_account,
)
from moi_desktop.security import logins as logins_module
from moi_desktop.security.logins import LOCKED, WRONG, delay_after

RIGHT = "Kh0ng-Dee-Mak-77"


@pytest.fixture
def clock(monkeypatch):
    """A clock the test moves by hand (the login guard reads logins.now_utc)."""

    class Clock:
        now = logins_module.now_utc()

        def advance(self, seconds: float) -> None:
            self.now += timedelta(seconds=seconds)

    clock = Clock()
    monkeypatch.setattr(logins_module, "now_utc", lambda: clock.now)
    return clock


@pytest.fixture
def accounts(db):
    admin = create_user(db, "boss", "ผู้ดูแล", "admin", "Admin-Strong-91")
    act_as(db, admin)  # the administrator adds the clerk
    create_user(db, "somchai", "สมชาย", "clerk", RIGHT)
    act_as(db, None)  # nobody logged in: the attacks start at the login
    return admin


def _attempt(db, name, password):
    try:
        authenticate(db, name, password, via="cli")
    except UserError as exc:
        return exc
    return None


def test_delay_grows_and_is_capped():
    assert [delay_after(n) for n in range(1, 9)] == [0, 2, 4, 8, 16, 32, 60, 60]


def test_fifteen_wrong_passwords_then_the_right_one_is_still_locked(db, accounts, clock):
    # The attack as reported: 15 wrong passwords, then the right one logged in. Time is let pass
    # past every wait, so each guess really is checked.
    answers = []
    for i in range(15):
        answers.append(_attempt(db, "somchai", f"wrong-guess-{i}"))
        clock.advance(120)
    assert [a.message for a in answers[:4]] == [WRONG] * 4
    assert all(isinstance(a, AccountLocked) and a.message == LOCKED for a in answers[4:])
    with pytest.raises(AccountLocked) as info:
        authenticate(db, "somchai", RIGHT)
    assert "ถูกล็อก" in info.value.message and "ผู้ดูแลระบบ" in info.value.message
    assert login_state(db, "somchai").failures == 5  # guesses on a locked name are not even checked
    locks = list_entries(db, action="account_locked")
    assert len(locks) == 1 and locks[0].details["username"] == "somchai" and locks[0].actor == "system"
    assert len(list_entries(db, action="login_failed")) == 5
    assert not list_entries(db, action="login")


def test_rapid_guesses_are_refused_with_the_seconds_left_without_blocking(db, accounts, clock):
    for _ in range(2):
        assert _attempt(db, "somchai", "wrong-guess-1").message == WRONG
    refused = _attempt(db, "somchai", RIGHT)  # even the right password waits
    assert isinstance(refused, LoginDelayed) and refused.seconds == 2
    assert refused.message == "ใส่รหัสผ่านผิดหลายครั้ง ลองใหม่ได้อีกใน 2 วินาที"
    assert login_state(db, "somchai").failures == 2  # a refused attempt is not counted
    clock.advance(1.2)
    assert _attempt(db, "somchai", RIGHT).seconds == 1
    clock.advance(1)
    assert _attempt(db, "somchai", RIGHT) is None
    assert login_state(db, "somchai").failures == 0  # success starts the count again


def test_an_unknown_name_answers_exactly_like_an_account(db, accounts, clock):
    def trace(name):
        out = []
        for _ in range(7):
            answer = _attempt(db, name, "wrong-guess-1")
            out.append((type(answer).__name__, answer.message))
            answer = _attempt(db, name, "wrong-guess-2")  # straight away: waiting?
            out.append((type(answer).__name__, answer.message))
            clock.advance(100)
        return out

    assert trace("somchai") == trace("nobody-here")
    assert login_state(db, "nobody-here").locked


def test_admin_unlocks_and_both_are_audited(db, accounts, clock):
    for _ in range(5):
        _attempt(db, "somchai", "wrong-guess-1")
        clock.advance(100)
    assert login_state(db, "SOMCHAI").locked  # names without case, like accounts
    act_as(db, get_user(db, "somchai"))  # the clerk
    with pytest.raises(UserError):
        unlock_account(db, "somchai")
    assert login_state(db, "somchai").locked
    act_as(db, accounts)
    assert unlock_account(db, "somchai") is True
    entry = list_entries(db, action="account_unlocked")[0]
    assert entry.actor == "boss" and entry.details == {"username": "somchai", "failures": 5, "was_locked": True}
    assert authenticate(db, "somchai", RIGHT).username == "somchai"


def test_the_limit_is_office_policy(db, accounts, clock):
    assert lock_after(db) == 5
    act_as(db, accounts)
    for bad in (2, 21):
        with pytest.raises(UserError):
            set_lock_after(db, bad)
    set_lock_after(db, 3)
    assert list_entries(db, action="login_policy")[0].details == {"lock_after": 3}
    for _ in range(3):
        _attempt(db, "somchai", "wrong-guess-1")
        clock.advance(100)
    assert isinstance(_attempt(db, "somchai", RIGHT), AccountLocked)
    act_as(db, get_user(db, "somchai"))
    with pytest.raises(UserError):
        set_lock_after(db, 4)  # a clerk may not change it
    assert lock_after(db) == 3


def test_wrong_name_costs_a_password_check_too(db, accounts, clock, monkeypatch):
    from moi_desktop.security import users as users_module

    checked = []
    real = users_module.verify_password
    monkeypatch.setattr(users_module, "verify_password", lambda pw, stored: checked.append(stored) or real(pw, stored))
    _attempt(db, "nobody-here", "wrong-guess-1")
    _attempt(db, "somchai", "wrong-guess-1")
    assert len(checked) == 2 and checked[0] == users_module._dummy_hash()  # made once, at the first use


def test_unknown_names_do_not_grow_the_table_without_end(db, accounts, clock, monkeypatch):
    monkeypatch.setattr(logins_module, "KEEP_UNKNOWN_NAMES", 3)
    for _ in range(4):
        _attempt(db, "somchai", "wrong-guess-1")
        clock.advance(100)
    for i in range(6):
        _attempt(db, f"guess-{i}", "wrong-guess-1")
        clock.advance(1)
    names = {r[0] for r in db.execute("SELECT username_key FROM login_failures")}
    assert names == {"somchai", "guess-3", "guess-4", "guess-5"}  # accounts' counters are always kept
