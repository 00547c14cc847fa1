// The candidate's attempt, enhanced: a live countdown, autosave of the editor's files,
// and the paste / focus events the welcome page says are recorded. Without JavaScript the
// pages still work (the countdown shows the time left at load; "Save draft" posts the form).
// The server decides the deadline: at zero this only reloads, and the server closes the attempt.

const AUTOSAVE_DELAY_MS = 2000;
const AUTOSAVE_EVERY_MS = 10000;
const RETRY_MAX_MS = 30000;

function formatDuration(total) {
  const s = Math.max(0, Math.floor(total));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  const pad = (n) => String(n).padStart(2, "0");
  return h ? `${h}:${pad(m)}:${pad(sec)}` : `${m}:${pad(sec)}`;
}

function startCountdown() {
  const timer = document.querySelector(".countdown[data-remaining]");
  if (!timer) return;
  const endsAt = Date.now() + Number(timer.dataset.remaining) * 1000;
  const shown = timer.querySelector("strong");
  const tick = () => {
    const left = (endsAt - Date.now()) / 1000;
    shown.textContent = formatDuration(left);
    timer.classList.toggle("low", left < 300);
    if (left <= 0) {
      clearInterval(handle);
      document.dispatchEvent(new CustomEvent("crucible:time-up"));
      setTimeout(() => window.location.assign(timer.dataset.expiredHref), 1500);
    }
  };
  const handle = setInterval(tick, 1000);
  tick();
}

class Autosave {
  constructor(form) {
    this.form = form;
    this.url = form.dataset.autosave;
    this.state = document.getElementById("save-state");
    this.dirty = false;
    this.saving = false;
    this.retryMs = 1000;
    this.debounce = null;
    this.revision = form.querySelector("input[data-revision]");
    this.conflict = null;  // the newer revision saved elsewhere, while the candidate decides
    this.banner = document.getElementById("draft-conflict");
    this.quiet = false;  // set while loading the newer code into the editors
    form.addEventListener("input", () => this.quiet || this.changed());
    this.banner?.querySelector("[data-conflict-load]")?.addEventListener("click", () => this.loadNewer());
    this.banner?.querySelector("[data-conflict-keep]")?.addEventListener("click", () => this.keepMine());
    // A graded submission saves the draft too: follow its revision; a stale one is a conflict.
    form.addEventListener("htmx:after:request", (event) => {
      const response = event.detail?.ctx?.response;
      if (!response) return;
      const revision = response.headers?.get("X-Draft-Revision");
      if (response.status === 409 && revision) {
        event.preventDefault();
        this.showConflict(Number(revision));
      } else if (response.status < 400 && revision && this.revision) {
        this.revision.value = revision;
      }
    });
    window.addEventListener("blur", () => this.save());
    document.addEventListener("visibilitychange", () => document.hidden && this.save());
    document.addEventListener("crucible:time-up", () => this.save());
    setInterval(() => this.save(), AUTOSAVE_EVERY_MS);
    for (const button of form.querySelectorAll("[data-no-js-only]")) button.hidden = true;
  }

  changed() {
    this.dirty = true;
    this.show("Unsaved changes");
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.save(), AUTOSAVE_DELAY_MS);
  }

  show(text, cls = "") {
    if (!this.state) return;
    this.state.textContent = text;
    this.state.className = `muted ${cls}`.trim();
  }

  showConflict(revision) {
    this.conflict = revision;
    this.dirty = true;  // this tab's code is kept in the editor until the candidate decides
    this.show("Not saved: the code changed elsewhere", "warn");
    if (this.banner) {
      this.banner.hidden = false;
      this.banner.querySelector("[data-conflict-load]")?.focus();
    }
  }

  resolved(text) {
    this.conflict = null;
    if (this.banner) this.banner.hidden = true;
    this.show(text);
  }

  async loadNewer() {
    const response = await fetch(this.banner.dataset.latest, { headers: { "X-Requested-With": "fetch" } });
    if (!response.ok) { this.show(`Could not load the newer version (HTTP ${response.status})`, "warn"); return; }
    const latest = await response.json();
    this.quiet = true;
    try {
      for (const [name, text] of Object.entries(latest.files)) {
        const view = window.crucibleEditors?.[name];
        if (view) view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
        const textarea = this.form.querySelector(`textarea[data-file="${CSS.escape(name)}"]`);
        if (textarea) textarea.value = text;
      }
    } finally {
      this.quiet = false;
    }
    if (this.revision) this.revision.value = String(latest.revision);
    this.dirty = false;
    this.resolved("Loaded the newer version");
  }

  keepMine() {
    if (this.revision) this.revision.value = String(this.conflict);  // saved on top of it
    this.dirty = true;
    this.resolved("Saving this version…");
    this.save();
  }

  async save() {
    if (!this.dirty || this.saving || this.conflict !== null) return;
    this.saving = true;
    this.dirty = false;
    const body = new FormData(this.form);
    body.delete("action");
    try {
      const response = await fetch(this.url, { method: "PUT", body, headers: { "HX-Request": "true" } });
      if (response.status === 409 && response.headers.get("X-Draft-Revision")) {
        this.showConflict(Number(response.headers.get("X-Draft-Revision")));
      } else if (response.status === 409) {
        this.show("Time is up: saving stopped", "warn");
        window.location.reload();
      } else if (!response.ok) {
        this.dirty = true;
        this.show(`Not saved: ${(await response.text()).replace(/<[^>]+>/g, " ").trim()}`, "warn");
      } else {
        const saved = new DOMParser().parseFromString(await response.text(), "text/html");
        const state = saved.getElementById("save-state");
        if (state?.dataset.revision && this.revision) this.revision.value = state.dataset.revision;
        this.show(state?.textContent ?? "Saved");
        this.retryMs = 1000;
      }
    } catch {
      // Offline or the server is unreachable: keep the changes and try again, a bit later each time.
      this.dirty = true;
      this.show(`Connection lost: retrying in ${Math.round(this.retryMs / 1000)} s`, "warn");
      setTimeout(() => this.save(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    } finally {
      this.saving = false;
    }
  }
}

function recordEvents(form) {
  const send = (kind, detail = "") => {
    const body = new FormData();
    body.set("csrf", form.querySelector("input[name=csrf]").value);
    body.set("kind", kind);
    body.set("slug", form.dataset.slug);
    body.set("detail", detail);
    navigator.sendBeacon?.(form.dataset.events, body) || fetch(form.dataset.events, { method: "POST", body });
  };
  form.addEventListener("paste", (event) => {
    const text = event.clipboardData?.getData("text") ?? "";
    send("paste", `${text.length} characters`);
  }, true);
  window.addEventListener("blur", () => send("blur"));
  window.addEventListener("focus", () => send("focus"));
}

// The knowledge check: each question is saved when an option changes. A failed save says so
// on the question and is retried with backoff; a 409 (time is up) reloads the page. The
// navigator follows what is ticked and flagged; a flag is toggled in place; Enter selects an
// option as Space does; finishing shows the server's confirmation (its counts) in a dialog.
// Without JavaScript the same buttons post the form (flag, finish: a confirmation page).
function quizPage(form) {
  for (const button of form.querySelectorAll("[data-no-js-only]")) button.hidden = true;
  const csrf = form.querySelector("input[name=csrf]").value;
  const nav = document.getElementById("quiz-nav");
  const dialog = document.getElementById("finish-dialog");
  const finishButton = form.querySelector("[data-finish]");
  const pending = new Set();  // saves and flags in flight: finishing waits for them
  const fieldsets = [...form.querySelectorAll("fieldset[data-number]")];

  const post = (url, body) => {
    body.set("csrf", csrf);
    return fetch(url, { method: "POST", body, headers: { "X-Requested-With": "fetch" } });
  };
  const track = (promise) => {
    pending.add(promise);
    promise.finally(() => pending.delete(promise));
    return promise;
  };

  const refreshNav = () => {
    let answered = 0, flagged = 0;
    for (const fieldset of fieldsets) {
      const isAnswered = fieldset.querySelector("input[name^=q]:checked") !== null;
      const isFlagged = fieldset.hasAttribute("data-flagged");
      answered += isAnswered; flagged += isFlagged;
      const link = nav?.querySelector(`[data-nav="${fieldset.dataset.number}"]`);
      if (!link) continue;
      link.classList.toggle("answered", isAnswered);
      link.classList.toggle("flagged", isFlagged);
      link.querySelector(".nav-state").textContent =
        (isAnswered ? "answered" : "not answered") + (isFlagged ? ", flagged for review" : "");
    }
    const counts = { answered, unanswered: fieldsets.length - answered, flagged };
    for (const [name, value] of Object.entries(counts)) {
      const shown = nav?.querySelector(`[data-count="${name}"]`);
      if (shown) shown.textContent = String(value);
    }
  };

  const markCurrent = (number) => {
    for (const link of nav?.querySelectorAll("[data-nav]") ?? []) {
      if (link.dataset.nav === String(number)) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
    }
  };

  const jumpTo = (number) => {
    const fieldset = document.getElementById(`q${number}`);
    if (!fieldset) return;
    fieldset.scrollIntoView({ block: "start" });
    const input = fieldset.querySelector("input[name^=q]:checked") ?? fieldset.querySelector("input[name^=q]");
    (input ?? fieldset).focus({ preventScroll: true });
    history.replaceState(null, "", `#q${number}`);
    markCurrent(number);
  };

  // One save in flight per question: a change made meanwhile is sent when it returns, so
  // saves never overtake each other and "Saved" means the latest choice is on the server.
  const saving = new WeakSet();
  const save = async (fieldset, delay = 1000) => {
    if (saving.has(fieldset)) { fieldset.dataset.dirty = "1"; return; }
    saving.add(fieldset);
    delete fieldset.dataset.dirty;
    const state = fieldset.querySelector(".save-state");
    const body = new FormData();
    body.set("shown", fieldset.dataset.number);
    for (const input of fieldset.querySelectorAll("input[name^=q]:checked")) body.append(input.name, input.value);
    state.textContent = "Saving…";
    try {
      const response = await post(form.action, body);
      if (response.status === 409) { window.location.reload(); return; }
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      saving.delete(fieldset);
      if (fieldset.dataset.dirty) { await save(fieldset); return; }
      state.textContent = `Saved ${new Date().toLocaleTimeString()}`;
      state.classList.remove("warn");
    } catch (error) {
      saving.delete(fieldset);
      state.textContent = `Not saved (${error.message}): retrying…`;
      state.classList.add("warn");
      setTimeout(() => track(save(fieldset, Math.min(delay * 2, RETRY_MAX_MS))), delay);
    }
  };

  const toggleFlag = async (button) => {
    const fieldset = button.closest("fieldset[data-number]");
    const state = fieldset.querySelector(".save-state");
    const flagged = button.getAttribute("aria-pressed") !== "true";
    const body = new FormData();
    body.set("flagged", flagged ? "1" : "0");
    button.disabled = true;
    try {
      const response = await post(button.formAction, body);
      if (response.status === 409) { window.location.reload(); return; }
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      button.setAttribute("aria-pressed", String(flagged));
      button.value = flagged ? "0" : "1";  // what the next press sends
      fieldset.toggleAttribute("data-flagged", flagged);
      state.textContent = flagged ? "Flagged for review" : "Flag removed";
      state.classList.remove("warn");
      refreshNav();
    } catch (error) {
      state.textContent = `Flag not saved (${error.message}): try again`;
      state.classList.add("warn");
    } finally {
      button.disabled = false;
      button.focus();
    }
  };

  const openFinish = async () => {
    while (pending.size) await Promise.allSettled([...pending]);
    try {
      const response = await fetch(form.dataset.finishHref, { headers: { "X-Requested-With": "fetch" } });
      if (!response.ok || response.redirected) { window.location.reload(); return; }
      dialog.innerHTML = await response.text();
    } catch {
      form.requestSubmit(finishButton);  // no dialog: the confirmation page instead
      return;
    }
    dialog.showModal();
    dialog.querySelector("[data-close]")?.focus();
  };

  form.addEventListener("change", (event) => {
    const fieldset = event.target.closest("fieldset[data-number]");
    if (!fieldset) return;
    refreshNav();
    track(save(fieldset));
  });
  form.addEventListener("keydown", (event) => {  // Enter selects an option, as Space does
    if (event.key !== "Enter" || !event.target.matches?.(".option input")) return;
    event.preventDefault();
    if (!(event.target.type === "radio" && event.target.checked)) event.target.click();
  });
  form.addEventListener("click", (event) => {
    const flag = event.target.closest("[data-flag]");
    if (flag) { event.preventDefault(); track(toggleFlag(flag)); return; }
    if (event.target.closest("[data-finish]")) { event.preventDefault(); openFinish(); }
  });
  form.addEventListener("focusin", (event) => {
    const fieldset = event.target.closest("fieldset[data-number]");
    if (fieldset) markCurrent(fieldset.dataset.number);
  });
  nav?.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-nav]");
    if (!link) return;
    event.preventDefault();
    jumpTo(link.dataset.nav);
  });
  dialog?.addEventListener("click", (event) => {
    const close = event.target.closest("[data-close]");
    const jump = event.target.closest("a[data-jump]");
    if (!close && !jump) return;
    event.preventDefault();
    dialog.close();
    if (jump) jumpTo(new URL(jump.href).hash.replace("#q", ""));
  });
  dialog?.addEventListener("close", () => {
    if (!form.contains(document.activeElement) || document.activeElement === form) finishButton.focus();
  });
}

// Confirmations (finishing, the last allowed submission, revoking an invite): a button with
// `data-confirm-href` asks the server for the confirmation and shows it in a dialog; 204 means
// none is needed. Without JavaScript the same button posts its form and the server answers
// with a confirmation page; it refuses to act without the `confirm` field either way.
function confirmations() {
  const dialog = document.getElementById("confirm-dialog");
  if (!dialog) return;
  let pendingSubmit = null;  // the editor's Submit button, while its confirmation is open
  const go = (button) => {
    const form = button.form;
    if (button.matches("[data-submit]")) {
      const confirm = Object.assign(document.createElement("input"), { type: "hidden", name: "confirm", value: "yes" });
      form.append(confirm);
      form.requestSubmit(button);
      setTimeout(() => confirm.remove(), 0);
    } else {
      form.requestSubmit(button);
    }
  };
  document.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-confirm-href]");
    if (!button || dialog.contains(button)) return;
    event.preventDefault();
    let response;
    try {
      response = await fetch(button.dataset.confirmHref, { headers: { "X-Requested-With": "fetch" } });
    } catch {
      button.form.requestSubmit(button);  // no dialog: the server's confirmation page instead
      return;
    }
    if (response.status === 204) {
      if (button.matches("[data-submit]")) button.form.requestSubmit(button);
      else go(button);
      return;
    }
    if (!response.ok || response.redirected) { window.location.reload(); return; }
    dialog.innerHTML = await response.text();
    pendingSubmit = button.matches("[data-submit]") ? button : null;
    dialog.showModal();
    dialog.querySelector("[data-close]")?.focus();
  });
  dialog.addEventListener("click", (event) => {
    if (event.target.closest("[data-close]")) {
      event.preventDefault();
      dialog.close();
      return;
    }
    if (event.target.closest("[data-confirm-submit]") && pendingSubmit) {
      event.preventDefault();
      dialog.close();
      go(pendingSubmit);
      pendingSubmit = null;
    }
  });
}

function init() {
  confirmations();
  startCountdown();
  const quiz = document.querySelector("form[data-quiz-autosave]");
  if (quiz) quizPage(quiz);
  const form = document.querySelector("form[data-autosave]");
  if (form) {
    window.crucibleAutosave = new Autosave(form);
    recordEvents(form);
  }
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
else init();
