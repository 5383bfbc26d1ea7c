// The web console: logs in through the users API and manages users with it.
//
// Logging in sends HTTP Basic once, to GET /api/sessions/current. The server
// then sets the HttpOnly session_id cookie, which the browser sends with every
// later request. So this script never reads a session token, and it keeps no
// password after the login request.
"use strict";

(() => {
  const SESSION_URL = "/api/sessions/current";
  const USERS_URL = "/api/users";

  // A sentence shown above the server's own description, by error title.
  const EXPLANATIONS = {
    AdminMustExistError: "At least one admin must remain.",
    CrossOriginRequestError: "The server rejected the request as cross-origin.",
    DuplicateUsernameError: "That username is already taken.",
    InsufficientRoleError: "Your role does not allow this change.",
    InvalidFormatError: "A value was rejected.",
    InvalidSessionError: "Your session has ended. Log in again.",
    NetworkError: "The server could not be reached.",
    UnauthorizedError: "The username or password is incorrect.",
    UserNotFoundError: "That user no longer exists.",
  };

  const state = {
    session: null,
    users: [],
    editing: null,
    deleting: null,
    // The dialog that was open when the session ended, reopened after login.
    interruptedDialog: null,
  };

  const byId = (id) => document.getElementById(id);

  class ApiError extends Error {
    constructor(status, title, description) {
      super(`${title}: ${description}`);
      this.status = status;
      this.title = title;
      this.description = description;
    }

    get endsSession() {
      return (
        this.title === "InvalidSessionError" || this.title === "UnauthorizedError"
      );
    }
  }

  async function callApi(method, url, { body, headers = {} } = {}) {
    const init = {
      method,
      headers: { Accept: "application/json", ...headers },
      credentials: "same-origin",
      cache: "no-store",
    };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(url, init);
    } catch {
      throw new ApiError(0, "NetworkError", "Check that the server is running.");
    }
    const data = await readJson(response);
    if (!response.ok) {
      throw new ApiError(
        response.status,
        data?.title ?? "UnknownError",
        data?.description ?? `The server returned status ${response.status}.`,
      );
    }
    return data;
  }

  async function readJson(response) {
    if (response.status === 204) {
      return null;
    }
    try {
      return await response.json();
    } catch {
      return null;
    }
  }

  function basicCredentials(username, password) {
    // btoa() takes Latin-1 only, so encode UTF-8 bytes first.
    const bytes = new TextEncoder().encode(`${username}:${password}`);
    let binary = "";
    for (const byte of bytes) {
      binary += String.fromCharCode(byte);
    }
    return `Basic ${btoa(binary)}`;
  }

  // Messages

  function showError(element, error) {
    const title = error instanceof ApiError ? error.title : "UnknownError";
    const description =
      error instanceof ApiError ? error.description : String(error);
    const heading = document.createElement("strong");
    heading.textContent = EXPLANATIONS[title] ?? "The request failed.";
    element.replaceChildren(heading, document.createTextNode(description));
    element.dataset.title = title;
  }

  function clearMessage(element) {
    element.replaceChildren();
    delete element.dataset.title;
  }

  function showNotice(text) {
    clearMessage(byId("error"));
    byId("notice").textContent = text;
  }

  function clearConsoleMessages() {
    clearMessage(byId("notice"));
    clearMessage(byId("error"));
  }

  // Views

  function showView(name) {
    byId("loading").hidden = true;
    byId("login-view").hidden = name !== "login";
    byId("console-view").hidden = name !== "console";
  }

  function showLogin({ notice = "", error = null, username = "" } = {}) {
    state.session = null;
    byId("account").hidden = true;
    byId("open-banner").hidden = true;
    byId("login-notice").textContent = notice;
    clearMessage(byId("login-error"));
    if (error) {
      showError(byId("login-error"), error);
    }
    const usernameInput = byId("login-username");
    if (username && !usernameInput.value) {
      usernameInput.value = username;
    }
    showView("login");
    (usernameInput.value ? byId("login-password") : usernameInput).focus();
  }

  function renderSession() {
    const session = state.session;
    const isAdmin = session.role === "admin";
    byId("open-banner").hidden = session.authorize_clients;
    byId("account").hidden = !session.authorize_clients;
    if (session.user) {
      byId("signed-in-as").textContent =
        `Signed in as ${session.user.username} (${session.role})`;
    }
    for (const element of document.querySelectorAll(".admin-only")) {
      element.hidden = !isAdmin;
    }
    byId("read-only-note").hidden = isAdmin;
  }

  function renderUsers() {
    const isAdmin = state.session.role === "admin";
    const ownId = state.session.user?.id;
    const rows = state.users.map((user) => userRow(user, isAdmin, ownId));
    byId("users-body").replaceChildren(...rows);
  }

  function userRow(user, isAdmin, ownId) {
    const row = document.createElement("tr");
    row.dataset.userId = String(user.id);
    row.append(
      cell("ID", String(user.id)),
      usernameCell(user, ownId),
      cell("Role", user.role, `role-${user.role}`),
    );
    if (isAdmin) {
      row.append(actionsCell(user));
    }
    return row;
  }

  function cell(label, text, className = "") {
    const td = document.createElement("td");
    td.dataset.label = label;
    td.textContent = text;
    if (className) {
      td.className = className;
    }
    return td;
  }

  function usernameCell(user, ownId) {
    const td = cell("Username", user.username);
    td.classList.add("username");
    if (user.id === ownId) {
      const you = document.createElement("span");
      you.className = "you";
      you.textContent = " (you)";
      td.append(you);
    }
    return td;
  }

  function actionsCell(user) {
    const td = document.createElement("td");
    td.className = "actions";
    td.append(
      actionButton("Edit", user, () => openEditDialog(user)),
      actionButton("Delete", user, () => openDeleteDialog(user)),
    );
    return td;
  }

  function actionButton(text, user, onClick) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = text;
    button.className = text === "Delete" ? "danger" : "secondary";
    button.setAttribute("aria-label", `${text} ${user.username}`);
    button.addEventListener("click", onClick);
    return button;
  }

  // Loading data

  async function loadSession() {
    state.session = await callApi("GET", SESSION_URL);
  }

  async function loadUsers() {
    state.users = await callApi("GET", USERS_URL);
  }

  async function refresh() {
    await loadSession();
    await loadUsers();
    renderSession();
    renderUsers();
    showView("console");
  }

  // Runs an action of the console. An ended session leads back to the login
  // form; any other error is shown in `errorElement`.
  async function runAction(action, errorElement) {
    clearMessage(errorElement);
    try {
      await action();
    } catch (error) {
      if (error instanceof ApiError && error.endsSession) {
        sessionEnded(error);
        return;
      }
      showError(errorElement, error);
      if (error instanceof ApiError && error.title === "InsufficientRoleError") {
        // The caller's role changed since the page was drawn.
        await refreshQuietly();
      }
    }
  }

  async function refreshQuietly() {
    try {
      await refresh();
    } catch (error) {
      if (error instanceof ApiError && error.endsSession) {
        sessionEnded(error);
      }
    }
  }

  // Leaves every form as it is, so the values typed so far are still there
  // after the next login.
  function sessionEnded(error) {
    const username = state.session?.user?.username ?? "";
    for (const dialog of document.querySelectorAll("dialog[open]")) {
      state.interruptedDialog = dialog.id;
      dialog.close();
    }
    const isExpiry = error.title === "InvalidSessionError";
    showLogin({
      notice: isExpiry ? "What you typed is kept. Log in to go on." : "",
      error,
      username,
    });
  }

  // Log in and out

  async function logIn(event) {
    event.preventDefault();
    const username = byId("login-username").value;
    const password = byId("login-password").value;
    const errorElement = byId("login-error");
    clearMessage(errorElement);
    if (!username || !password) {
      showError(
        errorElement,
        new ApiError(0, "InvalidFormatError", "Enter a username and a password."),
      );
      return;
    }
    try {
      const headers = { Authorization: basicCredentials(username, password) };
      await callApi("GET", SESSION_URL, { headers });
    } catch (error) {
      showError(errorElement, error);
      return;
    }
    byId("login-password").value = "";
    byId("login-notice").textContent = "";
    await enterConsole();
  }

  async function enterConsole() {
    clearConsoleMessages();
    await runAction(refresh, byId("error"));
    if (state.session === null) {
      return;
    }
    const dialogId = state.interruptedDialog;
    state.interruptedDialog = null;
    if (dialogId && state.session.role === "admin") {
      byId(dialogId).showModal();
    } else {
      byId("users-title").focus();
    }
  }

  async function logOut() {
    try {
      await callApi("DELETE", SESSION_URL);
    } catch (error) {
      if (!(error instanceof ApiError && error.endsSession)) {
        showError(byId("error"), error);
        return;
      }
    }
    for (const form of document.querySelectorAll("form")) {
      form.reset();
    }
    state.users = [];
    byId("users-body").replaceChildren();
    showLogin({ notice: "You have logged out." });
  }

  // Create, edit and delete

  async function createUser(event) {
    event.preventDefault();
    await runAction(async () => {
      const form = byId("create-form");
      const user = await callApi("POST", USERS_URL, {
        body: {
          id: null,
          username: byId("create-username").value,
          password: byId("create-password").value,
          role: byId("create-role").value,
        },
      });
      form.reset();
      await refresh();
      showNotice(`Added the user ${user.username}.`);
    }, byId("error"));
  }

  function openEditDialog(user) {
    state.editing = user;
    clearMessage(byId("edit-error"));
    byId("edit-title").textContent = `Edit ${user.username}`;
    byId("edit-username").value = user.username;
    byId("edit-role").value = user.role;
    byId("edit-password").value = "";
    byId("edit-dialog").showModal();
  }

  async function saveUser(event) {
    event.preventDefault();
    await runAction(async () => {
      const password = byId("edit-password").value;
      const user = await callApi("POST", USERS_URL, {
        body: {
          id: state.editing.id,
          username: byId("edit-username").value,
          password: password === "" ? null : password,
          role: byId("edit-role").value,
        },
      });
      byId("edit-dialog").close();
      byId("edit-password").value = "";
      await refresh();
      showNotice(`Saved the user ${user.username}.`);
    }, byId("edit-error"));
  }

  function openDeleteDialog(user) {
    state.deleting = user;
    clearMessage(byId("delete-error"));
    byId("delete-question").textContent =
      `Delete the user ${user.username}? Their sessions end at once.`;
    byId("delete-dialog").showModal();
  }

  async function deleteUser() {
    await runAction(async () => {
      const user = state.deleting;
      await callApi("DELETE", `${USERS_URL}/${user.id}`);
      byId("delete-dialog").close();
      await refresh();
      showNotice(`Deleted the user ${user.username}.`);
    }, byId("delete-error"));
  }

  // Start

  async function start() {
    try {
      await refresh();
    } catch (error) {
      if (error instanceof ApiError && error.endsSession) {
        showLogin();
      } else {
        showView("console");
        showError(byId("error"), error);
      }
    }
  }

  function wireEvents() {
    byId("login-form").addEventListener("submit", logIn);
    byId("logout-button").addEventListener("click", logOut);
    byId("create-form").addEventListener("submit", createUser);
    byId("edit-form").addEventListener("submit", saveUser);
    byId("delete-confirm").addEventListener("click", deleteUser);
    for (const button of document.querySelectorAll("[data-close]")) {
      button.addEventListener("click", () => button.closest("dialog").close());
    }
  }

  wireEvents();
  start();
})();
