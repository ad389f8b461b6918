// The listen page's script (see src/export/page.rs): plays the audio beside the text
// and shows where the voice is.
//
// - The timings come from the JSON data block (#timings): per sentence its start and
//   end in seconds and its words as [c0, c1, start, end], c0 and c1 counted in Unicode
//   scalar values of the sentence's text. JavaScript strings count UTF-16 units, so the
//   word spans are cut at indices converted from code points (a character outside the
//   Basic Multilingual Plane, an emoji, is two units).
// - While the audio plays (every animation frame) and whenever it seeks, the sentence
//   under the playback position and its current word get the class "now": a sentence
//   is current from its start until the next one starts, a word from its start until
//   the next word starts (the sentence's first word from the sentence's start) and no
//   word after the sentence's end.
// - Clicking a sentence plays from its start. The page scrolls to keep the current
//   sentence in view, unless the reader has scrolled it out of view; then a button
//   offers the way back, and following resumes when the sentence is in view again.
// - Keys (when no control has the focus that uses them itself): Space plays and
//   pauses; Left and Right go back and forward 15 seconds; with Shift, to the previous
//   or next sentence.
(function () {
  "use strict";
  var SKIP = 15;
  // A seek lands on the millisecond the data gives, or a hair before it.
  var EPSILON = 0.002;

  var data = JSON.parse(document.getElementById("timings").textContent);
  var audio = document.getElementById("audio");
  var play = document.getElementById("play");
  var seek = document.getElementById("seek");
  var elapsed = document.getElementById("elapsed");
  var total = document.getElementById("total");
  var speed = document.getElementById("speed");
  var status = document.getElementById("status");
  var follow = document.getElementById("follow");
  var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  var duration = data.duration || 0;
  var sentences = data.sentences.map(function (s) {
    return { start: s.start, end: s.end, words: s.words, el: null, wordEls: [] };
  });
  Array.prototype.forEach.call(document.querySelectorAll(".s[data-s]"), function (el) {
    var s = sentences[Number(el.getAttribute("data-s"))];
    if (s) {
      s.el = el;
      s.wordEls = wrapWords(el, s.words);
    }
  });
  // The sentences that have speech, in time order, for the search.
  var timed = sentences.filter(function (s) { return s.end > s.start && s.el; });

  // Wraps each word of `el`'s text in a span; returns the spans in order.
  function wrapWords(el, words) {
    var text = el.textContent;
    // UTF-16 index of each code point (and one past the end).
    var units = [0];
    for (var i = 0; i < text.length; ) {
      var c = text.codePointAt(i);
      i += c > 0xffff ? 2 : 1;
      units.push(i);
    }
    var at = function (n) { return units[Math.min(Math.max(n, 0), units.length - 1)]; };
    var fragment = document.createDocumentFragment();
    var spans = [];
    var done = 0;
    words.forEach(function (w) {
      var from = at(w[0]);
      var to = at(w[1]);
      if (from < done || to <= from) {
        spans.push(null);
        return;
      }
      if (from > done) fragment.appendChild(document.createTextNode(text.slice(done, from)));
      var span = document.createElement("span");
      span.className = "w";
      span.textContent = text.slice(from, to);
      fragment.appendChild(span);
      spans.push(span);
      done = to;
    });
    if (done < text.length) fragment.appendChild(document.createTextNode(text.slice(done)));
    el.textContent = "";
    el.appendChild(fragment);
    return spans;
  }

  // The last item of `list` whose start is at or before `t`, or -1.
  function lastStarted(list, t, start) {
    var lo = 0, hi = list.length - 1, found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (start(list[mid]) <= t + EPSILON) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  function clock(seconds) {
    var t = Math.max(0, Math.round(seconds || 0));
    var h = Math.floor(t / 3600), m = Math.floor(t / 60) % 60, s = t % 60;
    var ss = (s < 10 ? "0" : "") + s;
    return h > 0 ? h + ":" + (m < 10 ? "0" : "") + m + ":" + ss : m + ":" + ss;
  }

  var current = null;
  var currentWord = null;
  var following = true;
  var ownScrollUntil = 0;
  var dragging = false;

  function setCurrent(sentence, word) {
    if (sentence !== current) {
      if (current) {
        current.el.classList.remove("now");
        current.el.removeAttribute("aria-current");
      }
      current = sentence;
      if (current) {
        current.el.classList.add("now");
        current.el.setAttribute("aria-current", "true");
        if (following) reveal(current.el);
      }
    }
    if (word !== currentWord) {
      if (currentWord) currentWord.classList.remove("now");
      currentWord = word;
      if (currentWord) currentWord.classList.add("now");
    }
  }

  // Where the audio is: highlights, progress bar, clock.
  function update() {
    var t = audio.currentTime;
    var k = lastStarted(timed, t, function (s) { return s.start; });
    var sentence = k >= 0 ? timed[k] : null;
    var word = null;
    if (sentence && t < sentence.end) {
      var w = lastStarted(sentence.words, t, function (x) { return x[2]; });
      word = sentence.wordEls[Math.max(w, 0)] || null;
    }
    setCurrent(sentence, word);
    if (!dragging) seek.value = t;
    elapsed.textContent = clock(t);
    seek.setAttribute("aria-valuetext", clock(t) + " of " + clock(duration));
  }

  var frame = 0;
  function tick() {
    update();
    frame = audio.paused ? 0 : window.requestAnimationFrame(tick);
  }

  function isVisible(el) {
    var r = el.getBoundingClientRect();
    var top = document.querySelector(".player").getBoundingClientRect().bottom;
    return r.bottom > top && r.top < window.innerHeight;
  }

  // Scrolls `el` into the middle of the view if it is not comfortably in view.
  function reveal(el) {
    var r = el.getBoundingClientRect();
    var top = document.querySelector(".player").getBoundingClientRect().bottom;
    var h = window.innerHeight;
    if (r.top >= top + 0.1 * h && r.bottom <= 0.8 * h) return;
    ownScrollUntil = Date.now() + 1000;
    el.scrollIntoView({ block: "center", behavior: reduceMotion ? "auto" : "smooth" });
  }

  function setFollowing(on) {
    following = on;
    follow.hidden = on || !current;
  }

  window.addEventListener("scroll", function () {
    if (Date.now() < ownScrollUntil || !current) return;
    setFollowing(isVisible(current.el));
  }, { passive: true });
  // A reader who scrolls takes over from the page's own smooth scrolling.
  ["wheel", "touchmove", "keydown"].forEach(function (type) {
    window.addEventListener(type, function () { ownScrollUntil = 0; }, { passive: true });
  });
  follow.addEventListener("click", function () {
    setFollowing(true);
    if (current) reveal(current.el);
  });

  function playFrom(seconds) {
    audio.currentTime = Math.min(Math.max(seconds, 0), duration || audio.duration || 0);
    update();
  }

  function start() {
    var p = audio.play();
    if (p && p.catch) {
      p.catch(function (e) {
        if (e && e.name !== "AbortError") status.textContent = "The audio cannot play: " + e.message;
      });
    }
  }

  function toggle() {
    if (audio.paused) start(); else audio.pause();
  }

  play.addEventListener("click", toggle);
  document.getElementById("back").addEventListener("click", function () {
    playFrom(audio.currentTime - SKIP);
  });
  document.getElementById("forward").addEventListener("click", function () {
    playFrom(audio.currentTime + SKIP);
  });
  speed.addEventListener("change", function () {
    audio.playbackRate = Number(speed.value) || 1;
  });
  seek.addEventListener("input", function () {
    dragging = true;
    playFrom(Number(seek.value));
  });
  seek.addEventListener("change", function () { dragging = false; });

  document.getElementById("text").addEventListener("click", function (e) {
    var el = e.target.closest ? e.target.closest(".s[data-s]") : null;
    if (!el) return;
    var s = sentences[Number(el.getAttribute("data-s"))];
    if (!s) return;
    setFollowing(true);
    playFrom(s.start);
    start();
  });

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var tag = e.target && e.target.tagName;
    var own = tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || tag === "BUTTON";
    if (e.key === " " || e.key === "Spacebar") {
      if (own) return;
      e.preventDefault();
      toggle();
    } else if ((e.key === "ArrowLeft" || e.key === "ArrowRight") && !(own && tag !== "BUTTON")) {
      e.preventDefault();
      var forward = e.key === "ArrowRight";
      if (e.shiftKey) {
        var k = lastStarted(timed, audio.currentTime, function (s) { return s.start; });
        // Back goes to the start of the sentence being read when it is well under way.
        if (!forward && k >= 0 && audio.currentTime - timed[k].start > 1.5) k += 1;
        var next = timed[Math.min(Math.max(k + (forward ? 1 : -1), 0), timed.length - 1)];
        if (next) {
          setFollowing(true);
          playFrom(next.start);
        }
      } else {
        playFrom(audio.currentTime + (forward ? SKIP : -SKIP));
      }
    }
  });

  audio.addEventListener("play", function () {
    play.setAttribute("aria-label", "Pause");
    play.firstElementChild.textContent = "\u275a\u275a";
    status.textContent = "";
    if (!frame) frame = window.requestAnimationFrame(tick);
  });
  audio.addEventListener("pause", function () {
    play.setAttribute("aria-label", "Play");
    play.firstElementChild.textContent = "\u25b6";
    update();
  });
  ["seeked", "timeupdate", "ended"].forEach(function (type) {
    audio.addEventListener(type, update);
  });
  audio.addEventListener("loadedmetadata", function () {
    if (!duration && isFinite(audio.duration)) {
      duration = audio.duration;
      seek.max = duration;
      total.textContent = clock(duration);
    }
  });
  audio.addEventListener("error", function () {
    status.textContent = "The audio file " + audio.getAttribute("src").replace(/^\.\//, "") +
      " cannot be loaded: keep it beside this page.";
  });
  update();
})();
