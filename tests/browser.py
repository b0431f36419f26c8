"""The one way browser tests sign in and out, so that a change to sign-in (two-factor) changes only this file.

`sign_in(page, live_server, "alice")` opens the sign-in page, types the username and the
test password at a person's pace, submits, and waits until the header names the user;
`next_url` is where to land afterwards. Any earlier session in the page is ended first.
"""

from urllib.parse import quote

from django.urls import reverse
from playwright.sync_api import expect

PASSWORD = "a-long-test-password"


def sign_in(page, live_server, username: str, *, password: str = PASSWORD, next_url: str = "") -> None:
    page.context.clear_cookies()
    url = f"{live_server.url}{reverse('login')}"
    page.goto(f"{url}?next={quote(next_url)}" if next_url else url)
    page.get_by_label("Username").click()
    page.keyboard.type(username, delay=10)
    page.get_by_label("Password").click()
    page.keyboard.type(password, delay=10)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("header .who")).to_contain_text(username)


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
