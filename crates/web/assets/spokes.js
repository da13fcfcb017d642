// The length of a post's own text per channel, counted live as the
// platform counts it: characters (Unicode code points) or graphemes (what a
// reader sees as one character, on Bluesky), the link with the blank line
// before it as the server said it counts (data-link-length). The server
// checks again; this only helps while typing.
(function () {
  "use strict";
  var segmenter = typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;
  function count(text, how) {
    if (how === "graphemes" && segmenter) {
      var n = 0;
      for (var _ of segmenter.segment(text)) { n++; }
      return n;
    }
    return Array.from(text).length;
  }
  document.querySelectorAll("textarea.channel-text").forEach(function (area) {
    var out = document.getElementById(area.dataset.counter);
    if (!out) { return; }
    var template = out.textContent;
    var limit = parseInt(area.dataset.limit, 10);
    function update() {
      var text = area.value.trim();
      var length = text === "" ? parseInt(area.dataset.defaultLength, 10)
        : count(text, area.dataset.count) + parseInt(area.dataset.linkLength, 10);
      // The message as the server wrote it, its two numbers replaced.
      var i = 0;
      out.textContent = template.replace(/\d+/g, function (m) { i++; return i === 1 ? String(length) : (i === 2 ? String(limit) : m); });
      area.setAttribute("aria-invalid", length > limit ? "true" : "false");
      out.classList.toggle("over-limit", length > limit);
    }
    area.addEventListener("input", update);
  });
})();
