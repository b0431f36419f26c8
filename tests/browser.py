"""The one way browser tests sign in and out, so that a change to sign-in changes only this file.

`sign_in(page, live_server, "alice")` opens the sign-in page, types the username and the test
password at a person's pace and submits. Where the user's role needs a second factor it goes on
as the person would: the first time it sets up the authenticator from the key shown on the page
(and keeps the recovery codes page behind it), later it types the current code. It waits until
the header names the user; `next_url` is where to land afterwards. An earlier session is ended first.
"""

import time
from urllib.parse import quote

from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

PASSWORD = "a-long-test-password"


def _code(key: bytes, *, after_t: int = -1, step: int = 30) -> str:
    """The code an authenticator app shows now; when this step's code was just used (the same user signing
    in twice within 30 s), the next step's, which django-otp accepts (tolerance of one step) or waits for."""
    while int(time.time() // step) < after_t:
        time.sleep(1)
    totp = TOTP(key, step=step)
    totp.time = max(time.time(), (after_t + 1) * step)
    return f"{totp.token():06d}"


def _key_from_page(page) -> bytes:
    import base64

    return base64.b32decode(page.locator("#totp-secret").inner_text().strip())


def sign_in(page, live_server, username: str, *, password: str = PASSWORD, next_url: str = "") -> None:
    page.context.clear_cookies()
    url = f"{live_server.url}{reverse('login')}"
    page.goto(f"{url}?next={quote(next_url)}" if next_url else url)
    page.get_by_label("Username").click()
    page.keyboard.type(username, delay=10)
    page.get_by_label("Password").click()
    page.keyboard.type(password, delay=10)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda address: reverse("login") not in address)
    heading = page.get_by_role("heading", level=1)
    if page.locator("#totp-secret").count():
        page.get_by_label("Code").click()
        page.keyboard.type(_code(_key_from_page(page)), delay=10)
        page.get_by_role("button", name="Turn on two-factor sign-in").click()
        expect(heading).to_have_text("Your recovery codes")
        page.get_by_role("link", name="I have kept them: continue").click()
    elif page.url.startswith(f"{live_server.url}{reverse('mfa_verify')}"):
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        page.get_by_label("Code").click()
        page.keyboard.type(_code(device.bin_key, after_t=device.last_t), delay=10)
        page.get_by_role("button", name="Continue").click()
    expect(page.locator("header .who")).to_contain_text(username)


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def page_texts(page) -> list[str]:
    """The text nodes of the page's content (`main`: the menus are other apps'), hidden ones and scripts left out."""
    return page.evaluate(
        """() => {
          const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
          const out = [];
          while (walker.nextNode()) {
            const node = walker.currentNode, parent = node.parentElement;
            if (!parent || parent.closest('script,style,[hidden]') || !node.textContent.trim()) continue;
            out.push(node.textContent.trim());
          }
          return out;
        }"""
    )


def english_left(page, *, apps: tuple[str, ...], not_language) -> list[str]:
    """What is still English on a translated page. In Arabic: any text holding Latin-script words once what is
    not language (`not_language`, a regex: names, numbers, codes, the brand) is set aside. In French: any text
    that is exactly an English message of `apps`' catalogues that French translates differently."""
    import re

    import polib

    from mixedflows.lib.catalogues import PACKAGE_DIR

    texts = page_texts(page)
    if page.locator("html").get_attribute("lang") == "ar":
        return [t for t in texts if re.search(r"[A-Za-z]{2,}", not_language.sub("", t))]
    english = set()
    for app in apps:
        catalogue = polib.pofile(str(PACKAGE_DIR / app / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
        english |= {e.msgid for e in catalogue if e.msgstr != e.msgid and "%" not in e.msgid}
    return [t for t in texts if t in english or t.rstrip(".:") in english]
