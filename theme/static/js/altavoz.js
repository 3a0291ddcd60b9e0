/* Altavoz: small progressive enhancements. Everything works without this file:
   the search form stays hidden, every image is a link to its full size, share
   links are plain links. No dependencies, nothing fetched from other sites. */
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
        frame.appendChild(el("img", { src: imagesurl + "/" + work.i, alt: work.x || "", loading: "lazy", decoding: "async" }));
      }
      link.appendChild(frame);
      link.appendChild(el("span", { "class": "work-card-title", lang: work.l }, work.t));
      item.appendChild(link);
      item.appendChild(el("span", { "class": "work-card-artist" }, work.a));
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
          var text = fold([work.t, work.a, work.m, work.g.join(" ")].join(" "));
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

    form.hidden = false;
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

  /* Lightbox over a work's images: arrows, Escape, swipe; focus stays inside. */
  function lightbox(container) {
    var links = Array.prototype.slice.call(container.querySelectorAll("a[data-lightbox]"));
    if (!links.length || typeof HTMLDialogElement !== "function") return;
    var label = function (name) { return container.getAttribute("data-" + name) || ""; };
    var dialog, image, caption, counter, prev, next, close, current = 0, opener = null, startX = null;

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
      stage.addEventListener("pointerdown", function (event) { startX = event.clientX; });
      stage.addEventListener("pointerup", function (event) {
        if (startX === null) return;
        var dx = event.clientX - startX;
        startX = null;
        if (Math.abs(dx) > 40) show(current + (dx < 0 ? 1 : -1));
      });
      stage.addEventListener("pointercancel", function () { startX = null; });
      stage.addEventListener("click", function (event) { if (event.target === stage) dialog.close(); });
      document.body.appendChild(dialog);
    }

    function show(index) {
      current = (index + links.length) % links.length;
      var link = links[current], thumb = link.querySelector("img");
      var figcaption = link.closest("figure") && link.closest("figure").querySelector("figcaption");
      // The link is the largest JPEG (for no-JS visitors); a phone gets a screen-sized WebP.
      var source = link.querySelector('source[type="image/webp"]');
      image.sizes = "100vw";
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

  /* Share: the system share sheet and a copy button where the browser offers them. */
  function share(section) {
    var status = section.querySelector(".share-status");
    var url = location.href.split("#")[0].split("?")[0];
    var title = section.getAttribute("data-share-title");
    var native = section.querySelector(".share-native"), copy = section.querySelector(".share-copy");
    if (navigator.share && native) {
      native.hidden = false;
      native.querySelector("button").addEventListener("click", function () {
        navigator.share({ title: title, url: url }).catch(function () {});
      });
    }
    if (navigator.clipboard && window.isSecureContext && copy) {
      copy.hidden = false;
      copy.querySelector("button").addEventListener("click", function () {
        navigator.clipboard.writeText(url).then(function () {
          status.textContent = section.getAttribute("data-copied");
        });
      });
    }
  }

  var form = document.querySelector(".finder");
  if (form && window.fetch && window.URLSearchParams) finder(form);
  var images = document.querySelector(".work-images");
  if (images) lightbox(images);
  var section = document.querySelector(".share");
  if (section) share(section);
})();
