// The create page's live preview (issue 19): the chosen style at the chosen strength,
// drawn in a canvas from the free previews previews.js fetched, with no new job. The
// server blends the painting with the photo in CIELAB (models/adjust.py blend); here the
// canvas blends them in sRGB with the slider as opacity, a close approximation (the same
// end points, slightly different mid-tones). "Keep my photo's colours" is approximated by
// the canvas's "luminosity" mode: the painting's light in the photo's colours.
(function () {
  "use strict";
  var form = document.querySelector("[data-create-form]");
  var figure = document.querySelector("[data-live-preview]");
  if (!form || !figure || !window.CanvasRenderingContext2D) return;
  var canvas = figure.querySelector("[data-live-canvas]");
  var ctx = canvas.getContext("2d");
  var strength = form.querySelector("[data-strength]");
  var colours = form.querySelector("input[name=preserve_colors]");
  var photoPreview = document.querySelector("[data-photo-preview]");
  var photo = null, styled = {}, images = {};

  function load(src) {
    var img = new Image();
    img.decoding = "async";
    img.src = src;
    img.addEventListener("load", draw);
    return img;
  }

  function chosen() {
    var radio = form.querySelector("input[name=style]:checked");
    return radio ? styled[radio.value] : null;
  }

  function draw() {
    var painting = chosen();
    var ready = photo && photo.complete && photo.naturalWidth && painting && painting.complete && painting.naturalWidth;
    figure.hidden = !ready;
    if (photoPreview && photo) photoPreview.hidden = !!ready;
    if (!ready) return;
    canvas.width = photo.naturalWidth;
    canvas.height = photo.naturalHeight;
    ctx.globalCompositeOperation = "source-over";
    ctx.globalAlpha = 1;
    ctx.drawImage(photo, 0, 0, canvas.width, canvas.height);
    var layer = painting;
    if (colours && colours.checked) {
      // The photo, then the painting's luminosity over it, on a canvas of its own.
      layer = document.createElement("canvas");
      layer.width = canvas.width;
      layer.height = canvas.height;
      var lctx = layer.getContext("2d");
      lctx.drawImage(photo, 0, 0, layer.width, layer.height);
      lctx.globalCompositeOperation = "luminosity";
      lctx.drawImage(painting, 0, 0, layer.width, layer.height);
    }
    ctx.globalAlpha = strength ? parseFloat(strength.value) : 1;
    ctx.drawImage(layer, 0, 0, canvas.width, canvas.height);
  }

  form.addEventListener("previews:ready", function (e) {
    photo = load(e.detail.url + "/images/photo");
    styled = {};
    e.detail.previews.forEach(function (p) { styled[p.slug] = images[p.image] || (images[p.image] = load(p.image)); });
    draw();
  });
  form.addEventListener("previews:reset", function () { photo = null; styled = {}; figure.hidden = true; });
  form.addEventListener("change", draw);
  if (strength) strength.addEventListener("input", draw);
})();
