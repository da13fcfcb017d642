// The moderation queue from the keyboard (an enhancement: every decision is
// a plain form that works without this file).
//   j / k  next / previous comment (moves focus)
//   a      approve the comment in focus        s  mark it as spam
//   r      reject it: focus its reason list, then its button
//   x      tick it for the decision on many    ?  the help text
// Keys are ignored while typing in a field, and with Ctrl, Alt or Meta.
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll(".queue-item"));
  var help = document.getElementById("queue-keys");
  if (!items.length) return;
  if (help) help.hidden = false;
  var current = -1;

  function focusItem(i) {
    if (i < 0 || i >= items.length) return;
    current = i;
    items[i].focus();
    items[i].scrollIntoView({ block: "nearest" });
  }

  items.forEach(function (item, i) {
    item.addEventListener("focusin", function () {
      current = i;
    });
  });

  // After a decision the queue comes back at the same place; after a
  // mistake the message has the focus.
  var errors = document.getElementById("queue-errors");
  var at = new URLSearchParams(window.location.search).get("at");
  if (errors) {
    errors.setAttribute("tabindex", "-1");
    errors.focus();
  } else if (at !== null && /^\d+$/.test(at)) {
    focusItem(Math.min(parseInt(at, 10), items.length - 1));
  }

  function typing(el) {
    if (!el || !el.closest) return false;
    if (el.isContentEditable) return true;
    var field = el.closest("textarea, select, input");
    if (!field) return false;
    var type = (field.getAttribute("type") || "text").toLowerCase();
    return field.tagName !== "INPUT" || ["checkbox", "radio", "button", "submit", "reset"].indexOf(type) < 0;
  }

  function submit(item, key) {
    var form = item.querySelector('form[data-shortcut="' + key + '"]');
    if (!form) return false;
    if (form.requestSubmit) form.requestSubmit();
    else form.submit();
    return true;
  }

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    var item = current >= 0 ? items[current] : null;
    var handled = true;
    switch (e.key) {
      case "j":
        focusItem(Math.min(current + 1, items.length - 1));
        break;
      case "k":
        focusItem(Math.max(current - 1, 0));
        break;
      case "a":
      case "s":
        handled = !!item && submit(item, e.key);
        break;
      case "r": {
        var reason = item && item.querySelector('select[name="reason"]');
        if (reason) reason.focus();
        handled = !!reason;
        break;
      }
      case "x": {
        var pick = item && item.querySelector('input[type="checkbox"]');
        if (pick) pick.checked = !pick.checked;
        handled = !!pick;
        break;
      }
      case "?":
        if (help) {
          help.hidden = false;
          help.focus();
        }
        break;
      default:
        handled = false;
    }
    if (handled) e.preventDefault();
  });
})();
