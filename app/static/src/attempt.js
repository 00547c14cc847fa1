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
    form.addEventListener("input", () => this.changed());
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

  async save() {
    if (!this.dirty || this.saving) return;
    this.saving = true;
    this.dirty = false;
    const body = new FormData(this.form);
    body.delete("action");
    try {
      const response = await fetch(this.url, { method: "PUT", body, headers: { "HX-Request": "true" } });
      if (response.status === 409) {
        this.show("Time is up: saving stopped", "warn");
        window.location.reload();
      } else if (!response.ok) {
        this.dirty = true;
        this.show(`Not saved: ${(await response.text()).replace(/<[^>]+>/g, " ").trim()}`, "warn");
      } else {
        const saved = new DOMParser().parseFromString(await response.text(), "text/html");
        this.show(saved.getElementById("save-state")?.textContent ?? "Saved");
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
// on the question and is retried with backoff; a 409 (time is up) reloads the page.
function quizAutosave(form) {
  for (const button of form.querySelectorAll("[data-no-js-only]")) button.hidden = true;
  const csrf = form.querySelector("input[name=csrf]").value;
  const save = async (fieldset, delay = 1000, seq = fieldset.dataset.seq) => {
    if (seq !== fieldset.dataset.seq) return;  // a newer change was saved meanwhile
    const state = fieldset.querySelector(".save-state");
    const body = new FormData();
    body.set("csrf", csrf);
    body.set("shown", fieldset.dataset.number);
    for (const input of fieldset.querySelectorAll("input:checked")) body.append(input.name, input.value);
    state.textContent = "Saving…";
    try {
      const response = await fetch(form.action, {
        method: "POST", body, headers: { "X-Requested-With": "fetch" } });
      if (response.status === 409) { window.location.reload(); return; }
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      state.textContent = `Saved ${new Date().toLocaleTimeString()}`;
      state.classList.remove("warn");
    } catch (error) {
      state.textContent = `Not saved (${error.message}): retrying…`;
      state.classList.add("warn");
      setTimeout(() => save(fieldset, Math.min(delay * 2, RETRY_MAX_MS), seq), delay);
    }
  };
  form.addEventListener("change", (event) => {
    const fieldset = event.target.closest("fieldset[data-number]");
    if (!fieldset) return;
    fieldset.dataset.seq = String(Number(fieldset.dataset.seq || 0) + 1);
    save(fieldset);
  });
}

function init() {
  startCountdown();
  const quiz = document.querySelector("form[data-quiz-autosave]");
  if (quiz) quizAutosave(quiz);
  const form = document.querySelector("form[data-autosave]");
  if (form) {
    window.crucibleAutosave = new Autosave(form);
    recordEvents(form);
  }
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
else init();
