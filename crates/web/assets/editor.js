// Lykta's editor for every versioned document (posts, pages, guideline
// drafts, playbooks), as an enhancement: the forms work without this file.
// On a form with data-editor it adds a formatting toolbar and shortcuts to
// each Markdown field, images by drag, drop, paste or the toolbar (each asks
// for its description before it goes in), a live preview with the writing
// aids, autosave of what is typed, and a warning before leaving with unsaved
// changes; on every page, a search over the image pickers.
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

  // ---- The editor: any form with data-editor ----
  // The form says what it offers: data-autosave (where typing is kept),
  // data-preview (the live preview with the writing aids), data-upload
  // (images); each Markdown textarea carries data-markdown. Words come from
  // the data attributes of #editor-messages.
  var form = document.querySelector("form[data-editor]");
  var msg = document.getElementById("editor-messages");
  var areas = form ? Array.prototype.slice.call(form.querySelectorAll("textarea[data-markdown]")) : [];
  if (!form || !msg || !areas.length) {
    return;
  }
  var m = msg.dataset;
  var status = document.getElementById("editor-status");
  // The Markdown field the toolbar, images and preview work on.
  var active = areas[0];

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function labelOf(area) {
    var label = form.querySelector("label[for='" + area.id + "']");
    return label ? label.textContent.replace(/\s*\(.*\)\s*$/, "").trim() : "";
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
  function changed(area) {
    area.focus();
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function replaceSelection(area, before, after, placeholder) {
    var start = area.selectionStart;
    var end = area.selectionEnd;
    var chosen = area.value.slice(start, end) || placeholder || "";
    area.setRangeText(before + chosen + after, start, end, "end");
    area.selectionStart = start + before.length;
    area.selectionEnd = start + before.length + chosen.length;
    changed(area);
  }

  // Prefix every selected line (headings, lists, quotes).
  function prefixLines(area, prefix, numbered) {
    var value = area.value;
    var start = value.lastIndexOf("\n", area.selectionStart - 1) + 1;
    var end = value.indexOf("\n", area.selectionEnd);
    if (end === -1) {
      end = value.length;
    }
    var lines = value.slice(start, end).split("\n");
    var out = lines.map(function (line, i) {
      var bare = line.replace(/^(#{1,6} |> |- |\d+\. )/, "");
      return (numbered ? i + 1 + ". " : prefix) + bare;
    });
    area.setRangeText(out.join("\n"), start, end, "select");
    changed(area);
  }

  function insertAtCursor(area, text) {
    var start = area.selectionStart;
    var needsBreak = start > 0 && area.value[start - 1] !== "\n";
    area.setRangeText((needsBreak ? "\n\n" : "") + text + "\n", start, area.selectionEnd, "end");
    changed(area);
  }

  function link(area) {
    var url = window.prompt(m.linkPrompt, "https://");
    if (url) {
      replaceSelection(area, "[", "](" + url.trim() + ")", m.link);
    }
  }

  // ---- Images ----
  var dialog = document.getElementById("image-dialog");
  var altField = document.getElementById("image-dialog-alt");
  var uploads = form.dataset.upload && dialog && typeof dialog.showModal === "function";
  var pending = null;

  function askForDescription(area, file) {
    pending = { area: area, file: file };
    altField.value = "";
    dialog.querySelector(".image-dialog-preview").textContent = file.name || "";
    dialog.showModal();
    altField.focus();
  }

  if (uploads) {
    dialog.addEventListener("close", function () {
      var p = pending;
      pending = null;
      if (!p) {
        return;
      }
      if (dialog.returnValue !== "insert") {
        p.area.focus();
        return;
      }
      var alt = altField.value.trim();
      if (!alt) {
        // The description is required: ask again.
        askForDescription(p.area, p.file);
        return;
      }
      upload(p.area, p.file, alt);
    });
  }

  function upload(area, file, alt) {
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
        insertAtCursor(area, image.markdown);
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

  var chooser = document.createElement("input");
  chooser.type = "file";
  chooser.accept = "image/jpeg,image/png,image/webp,image/gif";
  chooser.hidden = true;
  chooser.addEventListener("change", function () {
    if (chooser.files.length) {
      askForDescription(active, chooser.files[0]);
    }
    chooser.value = "";
  });
  if (uploads) {
    form.appendChild(chooser);
  }

  // ---- Toolbar and shortcuts, for each Markdown field ----
  function toolbarFor(area) {
    var actions = [
      ["h2", function () { prefixLines(area, "## "); }],
      ["h3", function () { prefixLines(area, "### "); }],
      ["bold", function () { replaceSelection(area, "**", "**", m.bold); }],
      ["italic", function () { replaceSelection(area, "*", "*", m.italic); }],
      ["ul", function () { prefixLines(area, "- "); }],
      ["ol", function () { prefixLines(area, "", true); }],
      ["link", function () { link(area); }],
      ["quote", function () { prefixLines(area, "> "); }],
    ];
    if (uploads) {
      actions.push(["image", function () { active = area; chooser.click(); }]);
    }
    var bar = document.createElement("div");
    bar.className = "editor-toolbar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", areas.length > 1 ? m.toolbar + ": " + labelOf(area) : m.toolbar);
    bar.setAttribute("aria-controls", area.id);
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
    area.parentNode.insertBefore(bar, area);
  }

  areas.forEach(function (area, i) {
    toolbarFor(area);
    if (i === 0) {
      var hint = document.createElement("p");
      hint.className = "hint";
      hint.textContent = m.shortcuts;
      area.parentNode.insertBefore(hint, area);
    }
    area.addEventListener("focus", function () {
      active = area;
    });
    area.addEventListener("keydown", function (e) {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) {
        return;
      }
      var key = e.key.toLowerCase();
      if (key === "b") {
        e.preventDefault();
        replaceSelection(area, "**", "**", m.bold);
      } else if (key === "i") {
        e.preventDefault();
        replaceSelection(area, "*", "*", m.italic);
      } else if (key === "k") {
        e.preventDefault();
        link(area);
      }
    });
    if (uploads) {
      area.addEventListener("paste", function (e) {
        var files = imagesIn(e.clipboardData && e.clipboardData.files);
        if (files.length) {
          e.preventDefault();
          askForDescription(area, files[0]);
        }
      });
      area.addEventListener("dragover", function (e) {
        if (e.dataTransfer && Array.prototype.indexOf.call(e.dataTransfer.types, "Files") !== -1) {
          e.preventDefault();
        }
      });
      area.addEventListener("drop", function (e) {
        var files = imagesIn(e.dataTransfer && e.dataTransfer.files);
        if (files.length) {
          e.preventDefault();
          askForDescription(area, files[0]);
        }
      });
    }
  });

  // ---- Live preview and writing aids, of the field being written ----
  var pane = document.getElementById("live-preview");
  var paneContent = document.getElementById("live-preview-content");
  var paneField = document.getElementById("live-preview-field");
  var staticAids = document.getElementById("aids");
  var previewTimer = null;
  var previewSeq = 0;

  function refreshPreview(area) {
    var seq = ++previewSeq;
    var data = new URLSearchParams();
    data.set("csrf", form.elements.namedItem("csrf").value);
    data.set("body", area.value);
    fetch(form.dataset.preview, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (res) {
        return res.ok ? res.text() : null;
      })
      .then(function (html) {
        if (html === null || seq !== previewSeq) {
          return;
        }
        // Rendered and sanitised by the server, as the public page will be.
        paneContent.innerHTML = html;
        if (paneField && areas.length > 1) {
          paneField.textContent = m.previewField.replace("{field}", labelOf(area));
        }
        pane.hidden = false;
        if (staticAids) {
          staticAids.hidden = true;
        }
      })
      .catch(function () {});
  }
  if (pane && paneContent && form.dataset.preview) {
    areas.forEach(function (area) {
      area.addEventListener("input", function () {
        window.clearTimeout(previewTimer);
        previewTimer = window.setTimeout(function () { refreshPreview(area); }, 600);
      });
    });
    var first = areas.filter(function (a) { return a.value.trim(); })[0];
    if (first) {
      refreshPreview(first);
    }
  }

  // ---- Autosave: the whole form, every few seconds while typing ----
  var autosaveUrl = form.dataset.autosave;
  var autosaveTimer = null;
  function autosave() {
    say(m.saving);
    fetch(autosaveUrl, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      credentials: "same-origin",
    })
      .then(function (res) {
        if (res.status === 204) {
          var time = new Date().toLocaleTimeString(document.documentElement.lang || undefined, {
            hour: "2-digit",
            minute: "2-digit",
          });
          say(m.autosaved.replace("{time}", time));
          return null;
        }
        return res.text().then(function (reason) {
          // 409: kept, but someone saved since (the server says so in words).
          say(res.status === 409 ? reason : m.failed.replace("{reason}", reason));
        });
      })
      .catch(function (err) {
        say(m.failed.replace("{reason}", err.message));
      });
  }
  if (autosaveUrl) {
    form.addEventListener("input", function (e) {
      if (e.target === chooser) {
        return;
      }
      window.clearTimeout(autosaveTimer);
      autosaveTimer = window.setTimeout(autosave, 3000);
    });
  }
})();
