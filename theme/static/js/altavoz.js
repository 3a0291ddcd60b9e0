/* Altavoz: small progressive enhancements. Everything works without this file:
   the search form is hidden by the style sheet, every image is a link to its full
   size, share links are plain links. Nothing already shown moves when this runs.
   No dependencies, nothing fetched from other sites. */
(function () {
  "use strict";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) node.textContent = text;
    return node;
  }

  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  /* Search and filters over the JSON index the build writes (search.json). */
  function finder(form) {
    var results = document.querySelector(".finder-results");
    var pages = document.querySelector(".gallery-pages");
    var status = form.querySelector(".finder-status");
    var query = form.elements.q, tag = form.elements.tag, medium = form.elements.medium;
    var siteurl = form.getAttribute("data-siteurl") || "";
    // Images are published once, at the main site, whatever the interface language.
    var imagesurl = form.hasAttribute("data-images") ? form.getAttribute("data-images") : siteurl;
    var index = null, timer = 0;

    function load() {
      if (!index) {
        index = fetch(form.getAttribute("data-index"), { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : []; })
          .catch(function () { return []; });
      }
      return index;
    }

    function card(work) {
      var item = el("li", { "class": "work-card" });
      var link = el("a", { "class": "work-card-link", href: siteurl + "/" + work.u });
      var frame = el("span", { "class": "frame" });
      if (work.i) {
        frame.appendChild(el("img", { src: imagesurl + "/" + work.i, alt: work.x || "", loading: "lazy", decoding: "async", width: "300", height: "300" }));
      }
      link.appendChild(frame);
      link.appendChild(el("span", { "class": "work-card-title", lang: work.l }, work.t));
      item.appendChild(link);
      item.appendChild(el("a", { "class": "work-card-artist", href: siteurl + "/" + work.p }, work.a));
      return item;
    }

    function remember() {
      var params = new URLSearchParams();
      if (query.value.trim()) params.set("q", query.value.trim());
      if (tag.value) params.set("tag", tag.value);
      if (medium.value) params.set("medium", medium.value);
      var search = params.toString();
      history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
    }

    function run() {
      remember();
      var words = fold(query.value).split(/\s+/).filter(Boolean);
      if (!words.length && !tag.value && !medium.value) {
        results.hidden = true;
        pages.hidden = false;
        status.textContent = "";
        return;
      }
      load().then(function (works) {
        var found = works.filter(function (work) {
          if (tag.value && work.g.indexOf(tag.value) < 0) return false;
          if (medium.value && work.m !== medium.value) return false;
          var text = fold([work.t, work.a, work.m, work.g.join(" "), (work.n || []).join(" ")].join(" "));
          return words.every(function (word) { return text.indexOf(word) >= 0; });
        });
        results.textContent = "";
        found.forEach(function (work) { results.appendChild(card(work)); });
        results.hidden = false;
        pages.hidden = true;
        status.textContent = found.length === 0 ? form.getAttribute("data-found-none")
          : found.length === 1 ? form.getAttribute("data-found-one")
          : form.getAttribute("data-found-many").replace("{n}", found.length);
      });
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    query.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 150); });
    query.addEventListener("focus", load, { once: true });
    tag.addEventListener("change", run);
    medium.addEventListener("change", run);
    var params = new URLSearchParams(location.search);
    if (params.has("q") || params.has("tag") || params.has("medium")) {
      query.value = params.get("q") || "";
      tag.value = params.get("tag") || "";
      medium.value = params.get("medium") || "";
      run();
    }
  }

  /* Zoom and pan of one image inside a stage: pinch (two fingers), double tap or double
     click, the wheel with Ctrl, and the keys + - 0. The image is moved with a transform
     (nothing around it moves) and never leaves the stage. */
  function zoomer(stage, image, onSwipe) {
    var MAX = 4, scale = 1, x = 0, y = 0, pointers = {}, pinch = null, pan = null, lastTap = 0, touching = false;

    function clamp() {
      var rect = stage.getBoundingClientRect();
      var w = image.offsetWidth, h = image.offsetHeight;
      var maxX = Math.max(0, (w * scale - rect.width) / 2), maxY = Math.max(0, (h * scale - rect.height) / 2);
      x = Math.min(maxX, Math.max(-maxX, x));
      y = Math.min(maxY, Math.max(-maxY, y));
    }

    function apply() {
      clamp();
      image.style.transform = scale === 1 ? "" : "translate(" + x + "px, " + y + "px) scale(" + scale + ")";
      stage.classList.toggle("is-zoomed", scale > 1);
      // A zoomed image asks for a file as sharp as it is now shown (the srcset's choice).
      if (scale > 1.5) image.sizes = Math.round(Math.min(scale, 3) * 100) + "vw";
    }

    // Zoom to `next` keeping the point (cx, cy) of the screen where it is.
    function zoomAt(next, cx, cy) {
      next = Math.min(MAX, Math.max(1, next));
      var rect = stage.getBoundingClientRect();
      var px = cx - (rect.left + rect.width / 2), py = cy - (rect.top + rect.height / 2);
      x = px - (px - x) * (next / scale);
      y = py - (py - y) * (next / scale);
      scale = next;
      if (scale === 1) { x = 0; y = 0; }
      apply();
    }

    function centre() {
      var rect = stage.getBoundingClientRect();
      return [rect.left + rect.width / 2, rect.top + rect.height / 2];
    }

    function distance(a, b) { return Math.hypot(a.x - b.x, a.y - b.y); }

    stage.addEventListener("pointerdown", function (event) {
      pointers[event.pointerId] = { x: event.clientX, y: event.clientY, x0: event.clientX, y0: event.clientY };
      touching = event.pointerType !== "mouse";
      if (stage.setPointerCapture) stage.setPointerCapture(event.pointerId);
      var ids = Object.keys(pointers);
      stage.classList.add("is-moving");
      if (ids.length === 2) {
        var a = pointers[ids[0]], b = pointers[ids[1]];
        pinch = { d: distance(a, b) || 1, scale: scale };
        pan = null;
      } else if (ids.length === 1) {
        pan = { x: x, y: y };
      }
    });
    stage.addEventListener("pointermove", function (event) {
      var p = pointers[event.pointerId];
      if (!p) return;
      p.x = event.clientX; p.y = event.clientY;
      var ids = Object.keys(pointers);
      if (pinch && ids.length === 2) {
        var a = pointers[ids[0]], b = pointers[ids[1]];
        zoomAt(pinch.scale * distance(a, b) / pinch.d, (a.x + b.x) / 2, (a.y + b.y) / 2);
      } else if (pan && scale > 1) {
        x = pan.x + (p.x - p.x0); y = pan.y + (p.y - p.y0);
        apply();
      }
    });
    function release(event) {
      var p = pointers[event.pointerId];
      delete pointers[event.pointerId];
      if (!Object.keys(pointers).length) stage.classList.remove("is-moving");
      if (!p || event.type === "pointercancel") { pinch = null; return; }
      if (pinch) { if (Object.keys(pointers).length < 2) pinch = null; pan = null; return; }
      var dx = p.x - p.x0, dy = p.y - p.y0;
      if (scale === 1 && Math.abs(dx) > 40 && Math.abs(dx) > Math.abs(dy)) { onSwipe(dx < 0 ? 1 : -1); return; }
      if (Math.abs(dx) < 10 && Math.abs(dy) < 10 && event.pointerType !== "mouse") {
        var now = Date.now();
        if (now - lastTap < 300) { zoomAt(scale > 1 ? 1 : 2.5, p.x, p.y); lastTap = 0; } else { lastTap = now; }
      }
    }
    stage.addEventListener("pointerup", release);
    stage.addEventListener("pointercancel", release);
    // A double tap is handled above; the browser's own dblclick is for the mouse only.
    stage.addEventListener("dblclick", function (event) { if (!touching) zoomAt(scale > 1 ? 1 : 2.5, event.clientX, event.clientY); });
    stage.addEventListener("wheel", function (event) {
      if (!event.ctrlKey && scale === 1) return;
      event.preventDefault();
      zoomAt(scale * (event.deltaY < 0 ? 1.2 : 1 / 1.2), event.clientX, event.clientY);
    }, { passive: false });

    return {
      reset: function () { scale = 1; x = 0; y = 0; pointers = {}; pinch = null; pan = null; apply(); image.sizes = "100vw"; },
      key: function (key) {
        var c = centre();
        if (key === "+" || key === "=") zoomAt(scale * 1.5, c[0], c[1]);
        else if (key === "-") zoomAt(scale / 1.5, c[0], c[1]);
        else if (key === "0") zoomAt(1, c[0], c[1]);
        else return false;
        return true;
      },
      zoomed: function () { return scale > 1; }
    };
  }

  /* Lightbox over a work's images: arrows, Escape, swipe, zoom; focus stays inside. */
  function lightbox(container) {
    var links = Array.prototype.slice.call(container.querySelectorAll("a[data-lightbox]"));
    if (!links.length || typeof HTMLDialogElement !== "function") return;
    var label = function (name) { return container.getAttribute("data-" + name) || ""; };
    var dialog, image, caption, counter, prev, next, close, zoom, current = 0, opener = null;

    function build() {
      dialog = el("dialog", { "class": "lightbox", "aria-label": label("label") });
      caption = el("p", { "class": "lightbox-caption", id: "lightbox-caption" });
      var stage = el("div", { "class": "lightbox-stage" });
      image = el("img", { alt: "", draggable: "false" });
      stage.appendChild(image);
      var bar = el("div", { "class": "lightbox-bar" });
      prev = el("button", { type: "button", "class": "lightbox-prev", "aria-label": label("prev") }, "←");
      counter = el("span", { "class": "lightbox-counter", "aria-live": "polite" });
      next = el("button", { type: "button", "class": "lightbox-next", "aria-label": label("next") }, "→");
      close = el("button", { type: "button", "class": "lightbox-close", "aria-label": label("close") }, "×");
      bar.appendChild(prev); bar.appendChild(counter); bar.appendChild(next);
      [caption, stage, bar, close].forEach(function (part) { dialog.appendChild(part); });
      if (links.length < 2) { prev.hidden = true; next.hidden = true; counter.hidden = true; }
      prev.addEventListener("click", function () { show(current - 1); });
      next.addEventListener("click", function () { show(current + 1); });
      close.addEventListener("click", function () { dialog.close(); });
      dialog.addEventListener("close", function () { if (opener) opener.focus(); });
      dialog.addEventListener("keydown", keys);
      zoom = zoomer(stage, image, function (step) { show(current + step); });
      stage.addEventListener("click", function (event) { if (event.target === stage && !zoom.zoomed()) dialog.close(); });
      document.body.appendChild(dialog);
    }

    function show(index) {
      current = (index + links.length) % links.length;
      zoom.reset();
      var link = links[current], thumb = link.querySelector("img");
      var figcaption = link.closest("figure") && link.closest("figure").querySelector("figcaption");
      // The link is the largest JPEG (for no-JS visitors); a phone gets a screen-sized WebP.
      var source = link.querySelector('source[type="image/webp"]');
      image.srcset = source ? source.srcset : (thumb ? thumb.srcset : "");
      image.src = link.href;
      image.alt = thumb ? thumb.alt : "";
      var lang = link.closest("[lang]");
      if (lang) { image.setAttribute("lang", lang.getAttribute("lang")); caption.setAttribute("lang", lang.getAttribute("lang")); }
      caption.textContent = figcaption ? figcaption.textContent : "";
      counter.textContent = label("counter").replace("{n}", current + 1).replace("{total}", links.length);
    }

    function keys(event) {
      if (event.key === "ArrowRight") { event.preventDefault(); show(current + 1); }
      else if (event.key === "ArrowLeft") { event.preventDefault(); show(current - 1); }
      else if (!event.ctrlKey && !event.metaKey && !event.altKey && zoom.key(event.key)) { event.preventDefault(); }
      else if (event.key === "Tab") {
        var focusable = [close, prev, next].filter(function (button) { return !button.hidden; });
        var at = focusable.indexOf(document.activeElement);
        event.preventDefault();
        var step = event.shiftKey ? -1 : 1;
        focusable[(at + step + focusable.length) % focusable.length].focus();
      }
    }

    links.forEach(function (link, index) {
      link.addEventListener("click", function (event) {
        if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        if (!dialog) build();
        opener = link;
        show(index);
        dialog.showModal();
        close.focus();
      });
    });
  }

  /* Share: the system share sheet and a copy button where the browser offers them, and
     Mastodon at the visitor's own instance. The page's links work without this. */
  // A host name in ASCII: letters, digits and hyphens, a top-level name of letters or an
  // internationalised one (xn--…, as .рф is written).
  var INSTANCE = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

  function instanceName(typed) {
    // "mastodon.social", "@ana@mastodon.social" or "https://mastodon.social/" alike.
    var name = String(typed || "").trim().toLowerCase().replace(/^(?:https?:)?\/\//, "").replace(/\/.*$/, "");
    name = name.replace(/^@?[^@]*@/, "");
    if (!INSTANCE.test(name) && name.length <= 253 && window.URL) {
      // A name typed in its own letters (mästodon.social) is written in ASCII by the
      // browser's own address parser; a port, a user, a path or a query is refused.
      try {
        var parsed = new URL("https://" + name + "/");
        if (parsed.host === parsed.hostname && !parsed.username && !parsed.password &&
            parsed.pathname === "/" && !parsed.search && !parsed.hash) name = parsed.hostname;
      } catch (e) { return ""; }
    }
    return INSTANCE.test(name) ? name : "";
  }

  function share(section) {
    var status = section.querySelector(".share-status");
    var url = new URL(section.getAttribute("data-share-url") || location.pathname, location.href).href;
    var title = section.getAttribute("data-share-title");
    var native = section.querySelector(".share-native"), copy = section.querySelector("[data-copy]");
    if (navigator.share && native) {
      native.hidden = false;
      native.querySelector("button").addEventListener("click", function () {
        navigator.share({ title: title, text: title, url: url }).catch(function () {});
      });
    }
    if (navigator.clipboard && window.isSecureContext && copy) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(url).then(function () {
          status.textContent = section.getAttribute("data-copied");
        }, function () {
          // Refused (a permission, a browser's policy): the address is selected instead,
          // ready for the phone's own Copy.
          var range = document.createRange(), selection = window.getSelection();
          range.selectNodeContents(section.querySelector(".share-url"));
          selection.removeAllRanges();
          selection.addRange(range);
        });
      });
    }
    var mastodon = section.querySelector(".share-mastodon");
    if (mastodon) {
      var field = mastodon.elements.instance;
      try { field.value = localStorage.getItem("altavoz-mastodon") || ""; } catch (e) { /* private mode */ }
      var toMastodon = function (event) {
        event.preventDefault();
        var name = instanceName(field.value);
        if (!name) { status.textContent = section.getAttribute("data-instance-wrong"); field.focus(); return; }
        try { localStorage.setItem("altavoz-mastodon", name); } catch (e) { /* private mode */ }
        var text = title + " " + url;
        window.open("https://" + name + "/share?text=" + encodeURIComponent(text), "_blank", "noopener");
      };
      /* The button submits nothing (type="button"); Enter in the field still submits the
         form, which never leaves the page either. */
      mastodon.addEventListener("submit", toMastodon);
      mastodon.querySelector("[data-mastodon]").addEventListener("click", toMastodon);
    }
  }

  /* On a work's page a finger swiped sideways over an image goes to this work's next (or
     previous) image first, and past its last (or first) one to the next (or previous)
     work of the gallery (the page's rel="next"/"prev" links, which wrap around). */
  function swipeThroughWork(area) {
    var start = null;
    var figures = Array.prototype.slice.call(area.querySelectorAll(".work-figure"));
    area.addEventListener("pointerdown", function (event) {
      var figure = event.target.closest && event.target.closest(".work-figure");
      start = event.pointerType === "touch" && event.isPrimary && figure
        ? { x: event.clientX, y: event.clientY, at: figures.indexOf(figure) } : null;
    });
    area.addEventListener("pointercancel", function () { start = null; });
    area.addEventListener("pointerup", function (event) {
      if (!start) return;
      var dx = event.clientX - start.x, dy = event.clientY - start.y, at = start.at;
      start = null;
      if (Math.abs(dx) < 80 || Math.abs(dy) > Math.abs(dx) / 2) return;
      var step = dx < 0 ? 1 : -1, target = figures[at + step];
      if (target) {
        var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
        target.scrollIntoView({ behavior: still ? "auto" : "smooth", block: "start" });
        return;
      }
      var link = area.querySelector(step > 0 ? '.neighbours a[rel="next"]' : '.neighbours a[rel="prev"]');
      if (link) location.href = link.href;
    });
  }

  var form = document.querySelector(".finder");
  if (form && window.fetch && window.URLSearchParams) finder(form);
  var images = document.querySelector(".work-images");
  if (images) { lightbox(images); swipeThroughWork(images); }
  var section = document.querySelector(".share");
  if (section) share(section);
})();
