// Lykta's post editor, as an enhancement: the form works without this file.
// It adds a formatting toolbar and shortcuts, images by drag, drop, paste or
// the toolbar (each asks for its description before it goes in), a live
// preview with the writing aids, autosave of what is typed, a warning before
// leaving with unsaved changes, and a search over the image picker.
// Licence: AGPL-3.0-or-later, as Lykta.
(function () {
  "use strict";

  // ---- Image picker search (every image picker, with or without the editor) ----
  Array.prototype.forEach.call(document.querySelectorAll(".picker-filter"), function (box) {
    var input = box.querySelector("input");
    var list = document.getElementById(input.dataset.filters);
    if (!list) {
      return;
    }
    box.hidden = false;
    input.addEventListener("input", function () {
      var needle = input.value.trim().toLowerCase();
      Array.prototype.forEach.call(list.querySelectorAll("li[data-text]"), function (li) {
        li.hidden = needle !== "" && li.dataset.text.indexOf(needle) === -1;
      });
    });
  });

  var form = document.getElementById("editor");
  var body = document.getElementById("body");
  var msg = document.getElementById("editor-messages");
  if (!form || !body || !msg) {
    return;
  }
  var m = msg.dataset;
  var status = document.getElementById("editor-status");
  var csrf = form.querySelector("input[name=csrf]").value;

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function fields(names) {
    var data = new URLSearchParams();
    data.set("csrf", csrf);
    names.forEach(function (n) {
      var el = form.elements.namedItem(n);
      if (el && typeof el.value === "string") {
        data.set(n, el.value);
      }
    });
    return data;
  }

  // ---- Unsaved changes ----
  var dirty = false;
  var submitting = false;
  form.addEventListener("input", function () {
    dirty = true;
  });
  form.addEventListener("submit", function () {
    submitting = true;
  });
  window.addEventListener("beforeunload", function (e) {
    if (dirty && !submitting) {
      e.preventDefault();
      e.returnValue = m.unsaved;
      return m.unsaved;
    }
    return undefined;
  });

  // ---- Inserting text ----
  function replaceSelection(before, after, placeholder) {
    var start = body.selectionStart;
    var end = body.selectionEnd;
    var chosen = body.value.slice(start, end) || placeholder || "";
    var text = before + chosen + after;
    body.setRangeText(text, start, end, "end");
    body.selectionStart = start + before.length;
    body.selectionEnd = start + before.length + chosen.length;
    body.focus();
    body.dispatchEvent(new Event("input", { bubbles: true }));
  }

  // Prefix every selected line (headings, lists, quotes).
  function prefixLines(prefix, numbered) {
    var value = body.value;
    var start = value.lastIndexOf("\n", body.selectionStart - 1) + 1;
    var end = value.indexOf("\n", body.selectionEnd);
    if (end === -1) {
      end = value.length;
    }
    var lines = value.slice(start, end).split("\n");
    var out = lines.map(function (line, i) {
      var bare = line.replace(/^(#{1,6} |> |- |\d+\. )/, "");
      return (numbered ? i + 1 + ". " : prefix) + bare;
    });
    body.setRangeText(out.join("\n"), start, end, "select");
    body.focus();
    body.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function insertAtCursor(text) {
    var start = body.selectionStart;
    var needsBreak = start > 0 && body.value[start - 1] !== "\n";
    body.setRangeText((needsBreak ? "\n\n" : "") + text + "\n", start, body.selectionEnd, "end");
    body.focus();
    body.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function link() {
    var url = window.prompt(m.linkPrompt, "https://");
    if (url) {
      replaceSelection("[", "](" + url.trim() + ")", m.link);
    }
  }

  // ---- Images ----
  var dialog = document.getElementById("image-dialog");
  var altField = document.getElementById("image-dialog-alt");
  var pending = null;

  function askForDescription(file) {
    if (!dialog || typeof dialog.showModal !== "function") {
      return;
    }
    pending = file;
    altField.value = "";
    var preview = dialog.querySelector(".image-dialog-preview");
    preview.textContent = file.name || "";
    dialog.showModal();
    altField.focus();
  }

  if (dialog) {
    dialog.addEventListener("close", function () {
      var file = pending;
      pending = null;
      if (dialog.returnValue !== "insert" || !file) {
        body.focus();
        return;
      }
      var alt = altField.value.trim();
      if (!alt) {
        // The description is required: ask again.
        askForDescription(file);
        return;
      }
      upload(file, alt);
    });
  }

  function upload(file, alt) {
    var data = new FormData();
    data.append("alt", alt);
    data.append("file", file, file.name || "bild");
    say(m.uploading);
    fetch(form.dataset.upload, {
      method: "POST",
      body: data,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (res) {
        return res.json().then(function (json) {
          if (!res.ok) {
            throw new Error(json.error || String(res.status));
          }
          return json;
        });
      })
      .then(function (image) {
        insertAtCursor(image.markdown);
        say(m.uploaded);
      })
      .catch(function (err) {
        say(m.uploadFailed.replace("{reason}", err.message));
      });
  }

  function imagesIn(list) {
    return Array.prototype.filter.call(list || [], function (f) {
      return /^image\//.test(f.type);
    });
  }

  body.addEventListener("paste", function (e) {
    var files = imagesIn(e.clipboardData && e.clipboardData.files);
    if (files.length) {
      e.preventDefault();
      askForDescription(files[0]);
    }
  });
  body.addEventListener("dragover", function (e) {
    if (e.dataTransfer && Array.prototype.indexOf.call(e.dataTransfer.types, "Files") !== -1) {
      e.preventDefault();
    }
  });
  body.addEventListener("drop", function (e) {
    var files = imagesIn(e.dataTransfer && e.dataTransfer.files);
    if (files.length) {
      e.preventDefault();
      askForDescription(files[0]);
    }
  });

  var chooser = document.createElement("input");
  chooser.type = "file";
  chooser.accept = "image/jpeg,image/png,image/webp,image/gif";
  chooser.hidden = true;
  chooser.addEventListener("change", function () {
    if (chooser.files.length) {
      askForDescription(chooser.files[0]);
    }
    chooser.value = "";
  });
  form.appendChild(chooser);

  // ---- Toolbar and shortcuts ----
  var actions = [
    ["h2", function () { prefixLines("## "); }],
    ["h3", function () { prefixLines("### "); }],
    ["bold", function () { replaceSelection("**", "**", m.bold); }],
    ["italic", function () { replaceSelection("*", "*", m.italic); }],
    ["ul", function () { prefixLines("- "); }],
    ["ol", function () { prefixLines("", true); }],
    ["link", link],
    ["quote", function () { prefixLines("> "); }],
    ["image", function () { chooser.click(); }],
  ];
  var bar = document.createElement("div");
  bar.className = "editor-toolbar";
  bar.setAttribute("role", "toolbar");
  bar.setAttribute("aria-label", m.toolbar);
  bar.setAttribute("aria-controls", "body");
  actions.forEach(function (a, i) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "secondary";
    b.textContent = m[a[0]];
    b.tabIndex = i === 0 ? 0 : -1;
    b.addEventListener("click", a[1]);
    bar.appendChild(b);
  });
  // One tab stop; arrow keys move within the toolbar.
  bar.addEventListener("keydown", function (e) {
    var buttons = Array.prototype.slice.call(bar.querySelectorAll("button"));
    var i = buttons.indexOf(document.activeElement);
    var next = e.key === "ArrowRight" ? i + 1 : e.key === "ArrowLeft" ? i - 1 : null;
    if (next === null || i === -1) {
      return;
    }
    e.preventDefault();
    next = (next + buttons.length) % buttons.length;
    buttons[i].tabIndex = -1;
    buttons[next].tabIndex = 0;
    buttons[next].focus();
  });
  var hint = document.createElement("p");
  hint.className = "hint";
  hint.textContent = m.shortcuts;
  body.parentNode.insertBefore(bar, body);
  body.parentNode.insertBefore(hint, body);

  body.addEventListener("keydown", function (e) {
    if (!(e.ctrlKey || e.metaKey) || e.altKey) {
      return;
    }
    var key = e.key.toLowerCase();
    if (key === "b") {
      e.preventDefault();
      replaceSelection("**", "**", m.bold);
    } else if (key === "i") {
      e.preventDefault();
      replaceSelection("*", "*", m.italic);
    } else if (key === "k") {
      e.preventDefault();
      link();
    }
  });

  // ---- Live preview and writing aids ----
  var pane = document.getElementById("live-preview");
  var paneContent = document.getElementById("live-preview-content");
  var staticAids = document.getElementById("aids");
  var previewTimer = null;
  var previewSeq = 0;

  function refreshPreview() {
    var seq = ++previewSeq;
    fetch(form.dataset.preview, {
      method: "POST",
      body: fields(["body"]),
      credentials: "same-origin",
    })
      .then(function (res) {
        return res.ok ? res.text() : null;
      })
      .then(function (html) {
        if (html === null || seq !== previewSeq) {
          return;
        }
        // Rendered and sanitised by the server, as the public page will be.
        paneContent.innerHTML = html;
        pane.hidden = false;
        if (staticAids) {
          staticAids.hidden = true;
        }
      })
      .catch(function () {});
  }
  if (pane && paneContent && form.dataset.preview) {
    body.addEventListener("input", function () {
      window.clearTimeout(previewTimer);
      previewTimer = window.setTimeout(refreshPreview, 600);
    });
    if (body.value.trim()) {
      refreshPreview();
    }
  }

  // ---- Autosave ----
  var autosaveUrl = form.dataset.autosave;
  var autosaveTimer = null;
  function autosave() {
    say(m.saving);
    fetch(autosaveUrl, {
      method: "POST",
      body: fields(["title", "excerpt", "body", "version"]),
      credentials: "same-origin",
    })
      .then(function (res) {
        if (res.ok) {
          var now = new Date();
          var time = now.toLocaleTimeString(document.documentElement.lang || undefined, {
            hour: "2-digit",
            minute: "2-digit",
          });
          say(m.autosaved.replace("{time}", time));
          return null;
        }
        return res.text().then(function (reason) {
          say(m.failed.replace("{reason}", reason));
        });
      })
      .catch(function (err) {
        say(m.failed.replace("{reason}", err.message));
      });
  }
  if (autosaveUrl) {
    ["title", "excerpt", "body"].forEach(function (n) {
      var el = form.elements.namedItem(n);
      if (el) {
        el.addEventListener("input", function () {
          window.clearTimeout(autosaveTimer);
          autosaveTimer = window.setTimeout(autosave, 3000);
        });
      }
    });
  }

})();
