// The demo's admin console. It talks only to the admin HTTP API and keeps secrets in the
// DOM of the one-time dialog, never in the URL or any browser storage.
"use strict";

const MESSAGES = {
  ACCESS_KEY_EXISTS: "This organization already has an Access Key. Only one Access Key can be created per organization.",
  OAUTH_LIMIT_REACHED: "This organization already has 15 M2M OAuth connections, the maximum.",
  NAME_TAKEN: "Another connection of this organization already has this name.",
  FORBIDDEN: "You are not allowed to do this. M2M OAuth connections can be created and managed only by active super admins; Access Keys by active admins.",
  NOT_FOUND: "This connection no longer exists.",
  INVALID_INPUT: "Please check what you entered.",
  UNAUTHENTICATED: "Choose an acting user.",
};

const $ = (selector) => document.querySelector(selector);
const typeLabel = (type) => (type === "OAUTH" ? "OAuth" : "Access Key");

function context() {
  return { org: $("#org").value.trim(), actor: $("#actor").value };
}

/** How long the console waits for an answer, in milliseconds: the page's data-request-timeout-ms, else 30 s. */
function requestTimeoutMs() {
  return Number(document.documentElement.dataset.requestTimeoutMs) || 30000;
}

/** Why a call got no answer of the server's: none in time, or none at all. A change may have been made all the same. */
function unanswered(method, late) {
  const what = late ? "The server did not answer in time." : "The server could not be reached.";
  const error = new Error(method === "GET" ? `${what} Please try again.`
    : `${what} The change may have been made all the same.`);
  error.code = "UNANSWERED";
  return error;
}

/**
 * Calls the admin API. A call not answered within requestTimeoutMs() is given up (and its connection aborted),
 * so that a server that stopped answering leaves no button disabled for good.
 */
async function api(method, path, body) {
  const { org, actor } = context();
  const controller = new AbortController();
  const init = { method, headers: { "X-Actor": actor }, cache: "no-store", credentials: "omit",
    signal: controller.signal };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let timer;
  let timedOut = false;
  const late = new Promise((resolve, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(unanswered(method, true));
      controller.abort();
    }, requestTimeoutMs());
  });
  let text;
  let response;
  try {
    response = await Promise.race([fetch(`/admin/orgs/${encodeURIComponent(org)}/connections${path}`, init), late]);
    text = await Promise.race([response.text(), late]);
  } catch (error) {
    // The abort rejects the fetch too, possibly first: the timer says which it was.
    throw unanswered(method, timedOut);
  } finally {
    clearTimeout(timer);
  }
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (error) {
    data = undefined;
  }
  // Not the server's own words: a proxy's error page for a 5xx, after which the call may have been made all the
  // same; any other refusal is a refusal still, whatever its body; a success cut short may have been made too.
  if (!response.ok && !(data && data.errorCode)) {
    if (response.status >= 500) throw unanswered(method, response.status === 504);
    throw new Error(`The request was refused (HTTP ${response.status}). Please check it and try again.`);
  }
  if (data === undefined) throw unanswered(method, false);
  if (!response.ok) {
    const error = new Error(describe(data));
    error.code = data && data.errorCode;
    throw error;
  }
  return data;
}

function describe(error) {
  if (!error || !error.errorCode) return "The server could not answer. Please try again.";
  const words = MESSAGES[error.errorCode];
  if (error.errorCode === "INVALID_INPUT") return `${words} ${error.message}`;
  return words || error.message;
}

function showMessage(text, kind) {
  const box = $("#message");
  box.textContent = text;
  box.className = kind || "";
  box.hidden = !text;
}

function dialogError(dialog, text) {
  const box = dialog.querySelector(".dialog-error");
  box.textContent = text;
  box.hidden = !text;
}

function formatTime(iso) {
  return new Date(iso).toLocaleString();
}

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** An expiry "in N days" from the select's value, as the API wants it, or null for never. */
function expiryIn(select) {
  const days = select.value;
  return days === "" ? null : new Date(Date.now() + Number(days) * 24 * 60 * 60 * 1000).toISOString();
}

/** Whether a connection expires within a week (or has expired), so the list marks it. */
function expiresSoon(connection) {
  return connection.expiresAt !== null && new Date(connection.expiresAt).getTime() - Date.now() <= WEEK_MS;
}

function expiryText(connection) {
  if (connection.expiresAt === null) return "Never";
  const text = formatTime(connection.expiresAt);
  if (new Date(connection.expiresAt).getTime() <= Date.now()) return `${text} (expired)`;
  return expiresSoon(connection) ? `${text} (expires soon)` : text;
}

// Each refresh is numbered: the answer of an earlier one (another organization or user) that arrives last
// is not shown.
let refreshes = 0;

/** Reads the list anew: "shown", "failed" (its reason shown), or "overtaken" by a later refresh. */
async function refresh() {
  const tbody = $("#connections tbody");
  const mine = ++refreshes;
  try {
    const connections = await api("GET", "");
    if (mine !== refreshes) return "overtaken";
    tbody.replaceChildren(...connections.map(row));
    $("#empty").hidden = connections.length > 0;
    showMessage("");
    return "shown";
  } catch (error) {
    if (mine !== refreshes) return "overtaken";
    tbody.replaceChildren();
    $("#empty").hidden = true;
    showMessage(error.message);
    return "failed";
  }
}

/**
 * Says why a change got no answer, then reads the list anew, as the change may have been made all the same; the
 * reason is said again once the list is read, or could not be, unless the page moved on meanwhile (another
 * refresh, or another issuance began). `say` shows a message where it belongs.
 */
async function afterUnanswered(message, say) {
  const issuance = issuances;
  say(message);
  const list = await refresh();
  if (list === "overtaken" || issuance !== issuances) return;
  // A list that could not be read either says why on the page; what the change may have done is said again.
  say(list === "shown" ? `${message} The list shows what the server has now.` : message);
}

function cell(text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

/**
 * A name in a sentence, quoted and isolated from the text around it, so that a right-to-left name ("א 10") is not
 * reordered with that text into the look of another ("10 א").
 */
function quoted(name) {
  return `“\u2068${name}\u2069”`;
}

function row(connection) {
  const tr = document.createElement("tr");
  tr.dataset.id = connection.id;
  // Isolated, as in sentences: its direction is its own, so two names that differ do not look alike.
  const name = cell("");
  const shown = document.createElement("bdi");
  shown.textContent = connection.name;
  name.append(shown);
  if (connection.leakedAt) {
    // A secret scanner reported the secret: it no longer works until the connection is regenerated.
    const marker = document.createElement("span");
    marker.className = "leaked";
    marker.textContent = "Leaked";
    marker.title = `Reported leaked ${formatTime(connection.leakedAt)}; regenerate to issue a new secret`;
    name.append(" ", marker);
    tr.classList.add("leaked-row");
  }
  tr.append(name, cell(typeLabel(connection.authenticationType)), cell(connection.hint, "hint"),
    cell(formatTime(connection.createdAt)), cell(formatTime(connection.updatedAt)),
    cell(expiryText(connection), "expires"),
    cell(connection.lastUsedAt === null ? "Never" : formatTime(connection.lastUsedAt), "last-used"),
    cell(allowedIpsText(connection), "allowed-ips"));
  if (expiresSoon(connection)) tr.classList.add("expiring");
  const actions = cell("", "actions");
  const edit = document.createElement("button");
  edit.type = "button";
  edit.textContent = "Edit Connection";
  edit.setAttribute("aria-label", `Edit connection ${connection.name}`);
  edit.addEventListener("click", () => openEdit(connection));
  const remove = document.createElement("button");
  remove.type = "button";
  remove.textContent = "Delete";
  remove.setAttribute("aria-label", `Delete connection ${connection.name}`);
  remove.addEventListener("click", () => confirmDelete(connection));
  actions.append(edit, " ", remove);
  tr.append(actions);
  return tr;
}

function allowedIpsText(connection) {
  return connection.allowedIps.length === 0 ? "Any address" : connection.allowedIps.join(", ");
}

/** The ranges typed in a text area, one per line or comma-separated; Keyward checks them. */
function rangesIn(textarea) {
  return textarea.value.split(/[\n,]/).map((range) => range.trim()).filter((range) => range !== "");
}

function selectedType() {
  return document.querySelector('#create-form input[name="type"]:checked').value;
}

function openCreate() {
  const dialog = $("#create-dialog");
  openedAgain(dialog);
  $("#create-form").reset();
  dialogError(dialog, "");
  updateGenerateLabel();
  dialog.showModal();
  $("#name").focus();
}

function updateGenerateLabel() {
  $("#generate").textContent = selectedType() === "OAUTH" ? "Generate OAuth Credentials" : "Generate Access Key";
}

/** Whether a call that issues a secret is being answered: one at a time, for the whole page. */
let issuingNow = false;
/** How many issuances were begun on this page. */
let issuances = 0;
const BUSY_ISSUING = "Another secret is still being issued; try again once it is shown.";

/**
 * Sends a request that issues a secret, with every button of its dialog disabled and Esc held back until it is
 * answered: a second click, here or in another dialog, would issue a second secret, and the first one shown
 * would be dead already. Then shows the secret, or the refusal. A dialog closed meanwhile (Chromium closes one
 * on a second Esc) or opened again since is left alone: the secret is shown all the same, a refusal on the page.
 */
async function issuing(dialog, request) {
  if (issuingNow) {
    dialogError(dialog, BUSY_ISSUING);
    return;
  }
  issuingNow = true;
  issuances++;
  const session = dialog.dataset.session;
  const stillOpen = () => dialog.open && dialog.dataset.session === session;
  const buttons = [...dialog.querySelectorAll("button")];
  buttons.forEach((button) => { button.disabled = true; });
  const stayOpen = (event) => event.preventDefault();
  dialog.addEventListener("cancel", stayOpen);
  let issued;
  let failure;
  try {
    issued = await request();
  } catch (error) {
    failure = error;
  } finally {
    // Answered (or given up): the next issuance may start, whether or not the list below is read again.
    dialog.removeEventListener("cancel", stayOpen);
    buttons.forEach((button) => { button.disabled = false; });
    issuingNow = false;
  }
  if (failure) {
    const say = (text) => { if (stillOpen()) dialogError(dialog, text); else showMessage(text); };
    if (failure.code === "UNANSWERED") {
      await afterUnanswered(`${failure.message} If it was, its secret was never shown: regenerate it if you need it.`,
        say);
    } else {
      say(failure.message);
    }
    return;
  }
  if (stillOpen()) dialog.close();
  showSecret(issued);
  await refresh();
}

/** Marks a dialog opened anew, so that an answer to a call started in an earlier opening leaves it alone. */
function openedAgain(dialog) {
  dialog.dataset.session = String(Number(dialog.dataset.session || 0) + 1);
}

async function create(event) {
  event.preventDefault();
  const dialog = $("#create-dialog");
  await issuing(dialog, () => api("POST", "",
    { name: $("#name").value, authenticationType: selectedType(), expiresAt: expiryIn($("#expires")),
      allowedIps: rangesIn($("#allowed-ips")) }));
}

function showSecret(issued) {
  const oauth = issued.authenticationType === "OAUTH";
  $("#client-id-row").hidden = !oauth;
  $("#client-id").value = oauth ? issued.clientId : "";
  $("#secret-label").textContent = oauth ? "OAuth API Secret (client secret)" : "Access Key";
  // Named, so that a secret is never taken for another connection's.
  $("#secret-of").textContent = `For the connection ${quoted(issued.name)}.`;
  $("#secret").value = oauth ? issued.clientSecret : issued.accessKey;
  $("#secret-dialog .copied").textContent = "";
  $("#secret-dialog").showModal();
  $("#secret").select();
}

function forgetSecret() {
  $("#secret").value = "";
  $("#client-id").value = "";
}

async function copy(button) {
  const field = document.getElementById(button.dataset.copy);
  field.select();
  try {
    await navigator.clipboard.writeText(field.value);
  } catch (notAllowed) {
    document.execCommand("copy");
  }
  $("#secret-dialog .copied").textContent = "Copied to the clipboard.";
}

let editing = null;

function openEdit(connection) {
  editing = connection;
  const dialog = $("#edit-dialog");
  openedAgain(dialog);
  dialogError(dialog, "");
  $("#edit-name").value = connection.name;
  $("#edit-hint").textContent = connection.hint;
  $("#edit-allowed-ips").value = connection.allowedIps.join("\n");
  $("#regenerate-expires").value = "";
  $("#regenerate").textContent = connection.authenticationType === "OAUTH"
    ? "Re-Generate OAuth Credentials" : "Re-Generate Access Key";
  dialog.showModal();
  $("#edit-name").focus();
}

async function saveEdit(event) {
  event.preventDefault();
  const dialog = $("#edit-dialog");
  // Only what was changed in this dialog is sent. A field left alone keeps what it holds now, which another admin
  // may have changed since the dialog opened: renaming must not widen back an allowlist narrowed after a leak.
  const changes = {};
  if ($("#edit-name").value !== editing.name) {
    changes.name = $("#edit-name").value;
  }
  const ranges = rangesIn($("#edit-allowed-ips"));
  if (ranges.length !== editing.allowedIps.length || ranges.some((range, i) => range !== editing.allowedIps[i])) {
    changes.allowedIps = ranges;
  }
  try {
    if (Object.keys(changes).length > 0) {
      await api("PATCH", `/${encodeURIComponent(editing.id)}`, changes);
    }
    dialog.close();
    await refresh();
  } catch (error) {
    if (error.code === "UNANSWERED") {
      await afterUnanswered(error.message, (text) => dialogError(dialog, text));
    } else {
      dialogError(dialog, error.message);
    }
  }
}

function confirm(text, action) {
  return new Promise((resolve) => {
    const dialog = $("#confirm-dialog");
    $("#confirm-text").textContent = text;
    $("#confirm-ok").textContent = action;
    dialog.returnValue = "";
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true });
    dialog.showModal();
  });
}

async function regenerate() {
  const connection = editing;
  if (issuingNow) {
    dialogError($("#edit-dialog"), BUSY_ISSUING);
    return;
  }
  const what = connection.authenticationType === "OAUTH" ? "OAuth secret" : "access key";
  const ok = await confirm(`A new ${what} will be generated for ${quoted(connection.name)}. The current one stops working, `
    + "so replace it in the headers of all future API requests.", "Re-Generate");
  if (!ok) return;
  const dialog = $("#edit-dialog");
  await issuing(dialog, () => api("POST", `/${encodeURIComponent(connection.id)}/regenerate`,
    { expiresAt: expiryIn($("#regenerate-expires")) }));
}

async function confirmDelete(connection) {
  const ok = await confirm(`Delete ${quoted(connection.name)}? Its credentials stop working at once.`, "Delete");
  if (!ok) return;
  try {
    await api("DELETE", `/${encodeURIComponent(connection.id)}`);
    await refresh();
    showMessage(`Deleted ${quoted(connection.name)}.`, "info");
  } catch (error) {
    if (error.code === "UNANSWERED") {
      await afterUnanswered(error.message, (text) => showMessage(text));
    } else {
      showMessage(error.message);
    }
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("#create").addEventListener("click", openCreate);
  $("#create-form").addEventListener("submit", create);
  $("#edit-form").addEventListener("submit", saveEdit);
  $("#regenerate").addEventListener("click", regenerate);
  document.querySelectorAll('#create-form input[name="type"]').forEach((radio) =>
    radio.addEventListener("change", updateGenerateLabel));
  document.querySelectorAll("dialog .cancel").forEach((button) =>
    button.addEventListener("click", () => button.closest("dialog").close()));
  document.querySelectorAll("button.copy").forEach((button) =>
    button.addEventListener("click", () => copy(button)));
  $("#secret-dialog").addEventListener("close", forgetSecret);
  // A name field may hold a secret pasted by mistake (refused, never recorded): it goes with its dialog.
  $("#create-dialog").addEventListener("close", () => { $("#name").value = ""; });
  $("#edit-dialog").addEventListener("close", () => { $("#edit-name").value = ""; });
  // A page left with the secret shown may be kept for going back: it keeps no secret, nor an empty dialog.
  window.addEventListener("pagehide", () => {
    forgetSecret();
    $("#secret-dialog").close();
  });
  $("#context").addEventListener("change", refresh);
  $("#context").addEventListener("submit", (event) => { event.preventDefault(); refresh(); });
  refresh();
});
