"""The web console in headless Chromium, against a real server on loopback."""

from __future__ import annotations

import requests
from playwright.sync_api import Page, expect

from tests.browser.conftest import save_docs_screenshot, save_screenshot
from tests.support.server import free_port
from tests.support.users import basic, create_user

ADMIN = basic("admin", "admin")


def log_in(page: Page, url: str, username: str, password: str) -> None:
    page.goto(url + "/")
    login = page.locator("#login-view")
    expect(login).to_be_visible()
    login.get_by_label("Username").fill(username)
    login.get_by_label("Password").fill(password)
    login.get_by_role("button", name="Log in").click()
    expect(page.locator("#console-view")).to_be_visible()


def add_user(page: Page, username: str, password: str, role: str = "editor") -> None:
    form = page.locator("#create-form")
    form.get_by_label("Username").fill(username)
    form.get_by_label("Password").fill(password)
    form.get_by_label("Role").select_option(role)
    form.get_by_role("button", name="Add user").click()


def row(page: Page, username: str):
    return page.locator("#users-body tr").filter(
        has=page.locator("td.username", has_text=username)
    )


def usernames(url: str) -> list[str]:
    response = requests.get(f"{url}/api/users", headers=ADMIN, timeout=10)
    assert response.status_code == 200
    return [user["username"] for user in response.json()]


def session_token(page: Page) -> str:
    cookies = {c["name"]: c for c in page.context.cookies()}
    return cookies["session_id"]["value"]


def test_login_shows_users(start_server, page):
    server = start_server(authorize=True)
    page.goto(server.url + "/")
    save_screenshot(page, "login")
    log_in(page, server.url, "admin", "admin")
    expect(row(page, "admin")).to_contain_text("admin")
    expect(page.locator("#signed-in-as")).to_have_text("Signed in as admin (admin)")
    expect(page.locator("#open-banner")).to_be_hidden()
    cookie = next(c for c in page.context.cookies() if c["name"] == "session_id")
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Lax"
    assert cookie["path"] == "/"
    assert page.evaluate("document.cookie") == ""


def test_wrong_password_shows_error(start_server, page):
    server = start_server(authorize=True)
    page.goto(server.url + "/")
    login = page.locator("#login-view")
    login.get_by_label("Username").fill("admin")
    login.get_by_label("Password").fill("not-the-password")
    login.get_by_role("button", name="Log in").click()
    error = page.locator("#login-error")
    expect(error).to_contain_text("The username or password is incorrect.")
    expect(error).to_have_attribute("data-title", "UnauthorizedError")
    expect(page.locator("#console-view")).to_be_hidden()
    save_screenshot(page, "login-error")


def test_create_and_duplicate_name(start_server, page):
    server = start_server(authorize=True)
    log_in(page, server.url, "admin", "admin")
    add_user(page, "alice", "password-alice")
    expect(page.locator("#notice")).to_have_text("Added the user alice.")
    expect(row(page, "alice")).to_contain_text("editor")
    add_user(page, "bob", "password-bob", role="admin")
    expect(row(page, "bob")).to_contain_text("admin")
    save_docs_screenshot(page)
    add_user(page, "ALICE", "password-other")
    error = page.locator("#error")
    expect(error).to_have_attribute("data-title", "DuplicateUsernameError")
    expect(error).to_contain_text("That username is already taken.")
    expect(error).to_contain_text("ALICE")
    expect(page.locator("#create-username")).to_have_value("ALICE")
    save_screenshot(page, "duplicate-name")
    assert usernames(server.url) == ["admin", "alice", "bob"]


def test_short_password_shows_rule(start_server, page):
    server = start_server(authorize=True)
    log_in(page, server.url, "admin", "admin")
    add_user(page, "carol", "short")
    error = page.locator("#error")
    expect(error).to_have_attribute("data-title", "InvalidFormatError")
    expect(error).to_contain_text("expected at least 8")
    assert "carol" not in usernames(server.url)


def test_edit_changes_role_and_password(start_server, page):
    server = start_server(authorize=True)
    create_user(requests, server.url, "dave", "password-dave", headers=ADMIN)
    log_in(page, server.url, "admin", "admin")
    page.get_by_role("button", name="Edit dave").click()
    dialog = page.locator("#edit-dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Role").select_option("admin")
    save_screenshot(page, "edit-dialog", full_page=False)
    dialog.get_by_role("button", name="Save").click()
    expect(dialog).to_be_hidden()
    expect(row(page, "dave")).to_contain_text("admin")
    expect(page.locator("#notice")).to_have_text("Saved the user dave.")

    page.get_by_role("button", name="Edit dave").click()
    dialog.get_by_label("New password").fill("new-password-dave")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog).to_be_hidden()
    session = f"{server.url}/api/sessions/current"
    new = requests.get(session, headers=basic("dave", "new-password-dave"), timeout=10)
    assert new.status_code == 200
    assert new.json()["role"] == "admin"
    old = requests.get(session, headers=basic("dave", "password-dave"), timeout=10)
    assert old.status_code == 401


def test_delete_removes_row(start_server, page):
    server = start_server(authorize=True)
    create_user(requests, server.url, "erin", "password-erin", headers=ADMIN)
    log_in(page, server.url, "admin", "admin")
    expect(row(page, "erin")).to_have_count(1)
    page.get_by_role("button", name="Delete erin").click()
    dialog = page.locator("#delete-dialog")
    expect(dialog).to_contain_text("Delete the user erin?")
    save_screenshot(page, "delete-dialog", full_page=False)
    dialog.get_by_role("button", name="Delete").click()
    expect(dialog).to_be_hidden()
    expect(row(page, "erin")).to_have_count(0)
    expect(page.locator("#notice")).to_have_text("Deleted the user erin.")
    assert "erin" not in usernames(server.url)


def test_last_admin_is_kept(start_server, page):
    server = start_server(authorize=True)
    log_in(page, server.url, "admin", "admin")
    page.get_by_role("button", name="Delete admin").click()
    delete_dialog = page.locator("#delete-dialog")
    delete_dialog.get_by_role("button", name="Delete").click()
    delete_error = page.locator("#delete-error")
    expect(delete_error).to_have_attribute("data-title", "AdminMustExistError")
    expect(delete_error).to_contain_text("At least one admin must remain.")
    save_screenshot(page, "last-admin", full_page=False)
    delete_dialog.get_by_role("button", name="Cancel").click()

    page.get_by_role("button", name="Edit admin").click()
    edit_dialog = page.locator("#edit-dialog")
    edit_dialog.get_by_label("Role").select_option("editor")
    edit_dialog.get_by_role("button", name="Save").click()
    edit_error = page.locator("#edit-error")
    expect(edit_error).to_have_attribute("data-title", "AdminMustExistError")
    expect(edit_dialog).to_be_visible()
    assert usernames(server.url) == ["admin"]


def test_editor_sees_read_only_list(start_server, page):
    server = start_server(authorize=True)
    create_user(requests, server.url, "fay", "password-fay", headers=ADMIN)
    log_in(page, server.url, "fay", "password-fay")
    expect(page.locator("#signed-in-as")).to_have_text("Signed in as fay (editor)")
    expect(page.locator("#read-only-note")).to_be_visible()
    expect(row(page, "admin")).to_have_count(1)
    expect(row(page, "fay")).to_contain_text("(you)")
    expect(page.locator("#create-section")).to_be_hidden()
    expect(page.get_by_role("button", name="Edit admin")).to_have_count(0)
    expect(page.get_by_role("button", name="Delete admin")).to_have_count(0)
    save_screenshot(page, "editor-read-only")


def test_demoted_admin_sees_role_error(start_server, page):
    server = start_server(authorize=True)
    gus = create_user(
        requests, server.url, "gus", "password-gus", role="admin", headers=ADMIN
    )
    log_in(page, server.url, "gus", "password-gus")
    demote = {**gus, "role": "editor"}
    response = requests.post(
        f"{server.url}/api/users", json=demote, headers=ADMIN, timeout=10
    )
    assert response.status_code == 200
    add_user(page, "hal", "password-hal")
    error = page.locator("#error")
    expect(error).to_have_attribute("data-title", "InsufficientRoleError")
    expect(error).to_contain_text("Your role does not allow this change.")
    expect(page.locator("#create-section")).to_be_hidden()
    expect(page.locator("#read-only-note")).to_be_visible()
    assert "hal" not in usernames(server.url)


def test_logout_ends_session(start_server, page):
    server = start_server(authorize=True)
    log_in(page, server.url, "admin", "admin")
    token = session_token(page)
    page.get_by_role("button", name="Log out").click()
    expect(page.locator("#login-view")).to_be_visible()
    expect(page.locator("#login-notice")).to_have_text("You have logged out.")
    names = [c["name"] for c in page.context.cookies()]
    assert "session_id" not in names
    response = requests.get(
        f"{server.url}/api/users",
        headers={"Cookie": f"session_id={token}"},
        timeout=10,
    )
    assert response.json()["title"] == "InvalidSessionError"
    page.reload()
    expect(page.locator("#login-view")).to_be_visible()
    expect(page.locator("#console-view")).to_be_hidden()


def test_ended_session_keeps_typed_values(start_server, page):
    server = start_server(authorize=True)
    log_in(page, server.url, "admin", "admin")
    ended = requests.delete(
        f"{server.url}/api/sessions/current",
        headers={"Cookie": f"session_id={session_token(page)}"},
        timeout=10,
    )
    assert ended.status_code == 204
    add_user(page, "ivy", "password-ivy", role="admin")
    login = page.locator("#login-view")
    expect(login).to_be_visible()
    expect(page.locator("#login-error")).to_have_attribute(
        "data-title", "InvalidSessionError"
    )
    expect(login.get_by_label("Username")).to_have_value("admin")
    expect(login.get_by_label("Password")).to_be_focused()
    save_screenshot(page, "session-ended")
    login.get_by_label("Password").fill("admin")
    login.get_by_role("button", name="Log in").click()
    expect(page.locator("#console-view")).to_be_visible()
    expect(page.locator("#create-username")).to_have_value("ivy")
    expect(page.locator("#create-password")).to_have_value("password-ivy")
    expect(page.locator("#create-role")).to_have_value("admin")
    page.get_by_role("button", name="Add user").click()
    expect(row(page, "ivy")).to_contain_text("admin")


def test_authorization_off_shows_banner(start_server, page):
    server = start_server(authorize=False)
    page.goto(server.url + "/")
    banner = page.locator("#open-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("every client acts as admin")
    expect(page.locator("#login-view")).to_be_hidden()
    expect(page.locator("#account")).to_be_hidden()
    expect(page.locator("#create-section")).to_be_visible()
    save_screenshot(page, "authorization-off")
    add_user(page, "jan", "password-jan")
    expect(row(page, "jan")).to_contain_text("editor")


def test_cross_origin_form_rejected(start_server, page):
    server = start_server(authorize=True)
    log_in(page, server.url, "admin", "admin")
    # A page on another port of the same host is the same site, so the
    # browser sends the SameSite=Lax cookie with its form posts.
    other_origin = f"http://127.0.0.1:{free_port()}"
    body = '{"id": null, "username": "mallory", "role": "admin", "password": "long-pass'
    form = (
        f'<form method="post" action="{server.url}/api/users" enctype="text/plain">'
        f"<input name='{body}' value='word\"}}'><button>Send</button></form>"
    )
    page.route(
        f"{other_origin}/**",
        lambda route: route.fulfill(content_type="text/html", body=form),
    )
    page.goto(f"{other_origin}/form.html")
    with page.expect_response(f"{server.url}/api/users") as sent:
        page.get_by_role("button", name="Send").click()
    response = sent.value
    assert response.status == 403
    assert response.json()["title"] == "CrossOriginRequestError"
    assert other_origin in response.json()["description"]
    assert "mallory" not in usernames(server.url)


def test_keyboard_only_use(start_server, page):
    server = start_server(authorize=True)
    page.goto(server.url + "/")
    expect(page.locator("#login-username")).to_be_focused()
    page.keyboard.type("admin")
    page.keyboard.press("Tab")
    page.keyboard.type("admin")
    page.keyboard.press("Enter")
    expect(page.locator("#users-title")).to_be_focused()
    page.keyboard.press("Tab")
    edit = page.get_by_role("button", name="Edit admin")
    expect(edit).to_be_focused()
    outline = edit.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    expect(page.locator("#edit-dialog")).to_be_visible()
    expect(page.locator("#edit-username")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#edit-dialog")).to_be_hidden()
    expect(edit).to_be_focused()


def test_narrow_screen_fits(start_server, page):
    server = start_server(authorize=True)
    create_user(requests, server.url, "kim", "password-kim", headers=ADMIN)
    page.set_viewport_size({"width": 375, "height": 740})
    log_in(page, server.url, "admin", "admin")
    expect(row(page, "kim")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    for name in ("Edit kim", "Delete kim", "Log out"):
        box = page.get_by_role("button", name=name).bounding_box()
        assert box is not None
        assert box["x"] + box["width"] <= 375
    save_screenshot(page, "narrow-screen")
