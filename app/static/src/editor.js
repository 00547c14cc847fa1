// Code editor for Crucible: progressive enhancement of `textarea.code`.
//
// Without JavaScript the <textarea> is the editor and the form posts it as is. With it, each
// textarea gets a CodeMirror 6 editor (Python) and is hidden; every change is copied back into the
// textarea, so a regular POST and htmx's hx-post (which reads the form with `new FormData`) send
// the editor's text under the textarea's own name (`file:<name>`). Several files in one group
// (`[data-code-files]`, else the form) are shown as tabs above one editor area.
//
// `window.crucibleEditors` maps a file name to its EditorView, for browser tests and tools:
//   const view = window.crucibleEditors["solution.py"];
//   view.state.doc.toString();
//   view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: "..." } });
//
// Bundled into app/static/vendor/editor.js by scripts/bundle-assets.mjs (esbuild).
import { basicSetup } from "codemirror";
import { EditorView, keymap } from "@codemirror/view";
import { EditorState } from "@codemirror/state";
import { indentWithTab } from "@codemirror/commands";
import { indentUnit } from "@codemirror/language";
import { python } from "@codemirror/lang-python";

const editors = Object.create(null);
const textareaOf = new Map(); // EditorView -> its textarea
const enhanced = new WeakSet();
let counter = 0;

const theme = EditorView.theme({
  "&": { height: "100%", backgroundColor: "#fff", border: "1px solid var(--line, #e4e7ec)", borderRadius: "6px" },
  "&.cm-focused": { outline: "2px solid #155eef66", outlineOffset: "-1px" },
  ".cm-scroller": {
    overflow: "auto",
    fontFamily: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace',
    fontSize: "13px",
    lineHeight: "1.45",
  },
  ".cm-gutters": { backgroundColor: "#f9fafb", color: "#98a2b3", borderRight: "1px solid var(--line, #e4e7ec)", borderRadius: "6px 0 0 6px" },
  ".cm-activeLineGutter": { backgroundColor: "#eef4ff" },
  ".cm-activeLine": { backgroundColor: "#f5f8ff" },
});

function fileName(textarea) {
  return textarea.dataset.file || textarea.name.replace(/^file:/, "");
}

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

// `hidden` plus an inline style: app.css gives label.file `display: block`, which beats [hidden].
function hide(node) {
  node.hidden = true;
  node.style.display = "none";
}

function createView(textarea, parent, name) {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        basicSetup,
        ...(name.endsWith(".py") ? [python()] : []),  // TOML and Markdown stay plain
        indentUnit.of("    "),
        EditorState.tabSize.of(4),
        // Tab indents; Escape then Tab (or Ctrl-M / Shift-Alt-M on macOS) moves focus on.
        keymap.of([indentWithTab]),
        theme,
        EditorView.contentAttributes.of({ "aria-label": `Code editor: ${name}` }),
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) return;
          textarea.value = update.state.doc.toString();
          textarea.dispatchEvent(new Event("input", { bubbles: true }));
        }),
      ],
    }),
  });
  textareaOf.set(view, textarea);
  return view;
}

function selectTab(tabs, panes, index, focusTab) {
  tabs.forEach((tab, i) => {
    const selected = i === index;
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
    panes[i].hidden = !selected;
  });
  editors[tabs[index].dataset.file]?.requestMeasure();
  if (focusTab) tabs[index].focus();
}

function buildTabs(area, names, panes) {
  const list = el("div", { class: "editor-tabs", role: "tablist", "aria-label": "Files" });
  const tabs = names.map((name, i) => {
    const tab = el("button", { type: "button", role: "tab", id: `${panes[i].id}-tab`, "aria-controls": panes[i].id, "data-file": name }, name);
    panes[i].setAttribute("role", "tabpanel");
    panes[i].setAttribute("aria-labelledby", tab.id);
    tab.addEventListener("click", () => selectTab(tabs, panes, i, false));
    tab.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (step) {
        event.preventDefault();
        selectTab(tabs, panes, (i + step + tabs.length) % tabs.length, true);
      } else if (event.key === "Home" || event.key === "End") {
        event.preventDefault();
        selectTab(tabs, panes, event.key === "Home" ? 0 : tabs.length - 1, true);
      }
    });
    list.append(tab);
    return tab;
  });
  area.prepend(list);
  selectTab(tabs, panes, 0, false);
}

function enhanceGroup(textareas) {
  const multiple = textareas.length > 1;
  const area = el("div", { class: "editor" });
  const first = textareas[0];
  // One file: the editor takes the textarea's place under its label. Several: tabs replace the labels.
  (multiple ? first.closest(".code-file") || first : first).before(area);
  const names = [];
  const panes = textareas.map((textarea) => {
    const name = fileName(textarea);
    const pane = el("div", { class: "editor-pane", id: `editor-${++counter}`, "data-file": name });
    area.append(pane);
    const view = createView(textarea, pane, name);
    const previous = editors[name];
    if (previous && previous !== view) forget(previous);
    editors[name] = view;
    names.push(name);
    hide(textarea);
    enhanced.add(textarea);
    const label = textarea.id && document.querySelector(`label[for="${CSS.escape(textarea.id)}"]`);
    if (label && multiple) hide(label);
    else if (label) label.addEventListener("click", (event) => { event.preventDefault(); view.focus(); });
    return pane;
  });
  if (multiple) buildTabs(area, names, panes);
  area.append(el("p", { class: "editor-hint muted" }, "Tab indents · Esc then Tab leaves the editor · Ctrl-F finds"));
}

function forget(view) {
  textareaOf.delete(view);
  for (const name of Object.keys(editors)) if (editors[name] === view) delete editors[name];
  view.destroy();
}

function prune() {
  for (const [view, textarea] of textareaOf) if (!textarea.isConnected) forget(view);
}

function enhance(root) {
  prune();
  if (!root || !root.querySelectorAll) return;
  const found = [...root.querySelectorAll("textarea.code")];
  if (root.matches?.("textarea.code")) found.unshift(root);
  const groups = new Map();
  for (const textarea of found) {
    if (enhanced.has(textarea)) continue;
    const key = textarea.closest("[data-code-files]") || textarea.form || textarea.parentElement;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(textarea);
  }
  for (const textareas of groups.values()) enhanceGroup(textareas);
}

window.crucibleEditors = editors;
// htmx 4 fires htmx:after:process on each piece of content it swaps in (and on the page at load).
document.addEventListener("htmx:after:process", (event) => enhance(event.target));
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => enhance(document.body));
else enhance(document.body);
