// The screen's player: plays a playlist's items in a loop, polling its feed.
//
// It must run for days on a screen without a reload, so it never adds elements per
// item: the page has two fixed layers (image + video + credit each); the hidden one
// is filled with the next item, then the two are swapped (a crossfade unless the
// screen asks for reduced motion), and the one that went out of sight is emptied (its
// video's src removed and load() called, which frees the decoder; its image set back to
// a blank pixel). Event handlers are
// attached once, at start, and ignore events of a layer no longer shown. Each layer's
// data-state says where it is: preparing → shown → fading → idle (hidden and empty).
//
// The feed is polled every poll_seconds with If-None-Match; a new list is taken at the
// next item boundary, and items that were not in the old list play next. When the
// network fails the player keeps playing what it has and tries again later.
//
// An item that cannot be prepared (its video or image fails, a stream does not start in
// time) is skipped, never shown black; when every item of the list fails in a row, the
// player waits a little before trying again rather than asking the server in a loop.

const stage = document.getElementById("screen");
const feedUrl = stage.dataset.feed;
const pollOverride = Number(stage.dataset.poll) || 0;
const secondsOverride = Number(stage.dataset.seconds) || 0;
const texts = {photo: stage.dataset.textPhoto, clip: stage.dataset.textClip,
               webcam_image: stage.dataset.textWebcam, webcam_stream: stage.dataset.textWebcam};
const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
const emptyMessage = stage.querySelector(".screen-empty");
const blankImage = stage.dataset.blank;
// WebP when the browser shows it (smaller), else JPEG: some signage players are old.
const useWebp = document.createElement("canvas").toDataURL("image/webp").startsWith("data:image/webp");
const FADE_MS = 1200;
const PREPARE_MS = 8000;  // a layer not ready by then: see ready() in fill()
const RETRY_MS = 5000;    // when every item failed in a row

const layers = Array.from(stage.querySelectorAll(".screen-layer"), (el, index) => ({
  index, el,
  img: el.querySelector("img"),
  video: el.querySelector("video"),
  caption: el.querySelector(".screen-caption"),
  author: el.querySelector(".screen-author"),
  place: el.querySelector(".screen-place"),
}));

let items = [];          // the playlist being played
let photoSeconds = 8;
let pollSeconds = pollOverride || 15;
let etag = null;
let pending = null;      // a newer feed, taken at the next item boundary
let upNext = [];         // ids of items that came in with the newer feed
let currentId = null;     // the item shown
let triedId = null;       // the item last prepared (shown or skipped): the next follows it
let failures = 0;         // items skipped in a row
let shown = null;        // the visible layer
let turn = 0;            // increases with each item; stale callbacks compare it
let stepTimer = 0;
let refreshTimer = 0;

function empty(layer) {
  layer.video.pause();
  layer.video.removeAttribute("src");
  layer.video.removeAttribute("poster");
  layer.video.load();
  layer.img.src = blankImage;
  layer.img.alt = "";
  layer.caption.textContent = "";
  layer.author.textContent = "";
  layer.place.textContent = "";
}

function withStamp(url) {
  // A cache-busting query: a webcam's image keeps its address but not its content.
  return url + (url.includes("?") ? "&" : "?") + "_=" + Date.now();
}

// "ready", "failed" (an error event) or "late" (nothing after PREPARE_MS).
function whenReady(element, events) {
  return new Promise((resolve) => {
    const handlers = {};
    const finish = (outcome) => {
      clearTimeout(timer);
      for (const name of Object.keys(handlers)) element.removeEventListener(name, handlers[name]);
      resolve(outcome);
    };
    const timer = setTimeout(() => finish("late"), PREPARE_MS);
    for (const name of events) handlers[name] = () => finish("ready");
    handlers.error = () => finish("failed");
    for (const name of Object.keys(handlers)) element.addEventListener(name, handlers[name]);
  });
}

// The same outcomes for an image: decode() has no timeout of its own.
function imageReady(img) {
  let timer = 0;
  const late = new Promise((resolve) => { timer = setTimeout(() => resolve("late"), PREPARE_MS); });
  const decoded = img.decode().then(() => "ready", () => "failed");
  return Promise.race([decoded, late]).finally(() => clearTimeout(timer));
}

function creditLine(item) {
  if (!item.credit) return "";
  // A function, so that "$&" or "$1" in a name is printed as typed, not as a pattern.
  return (texts[item.kind] || "{credit}").replace("{credit}", () => item.credit);
}

// Puts ``item`` in the hidden ``layer``; resolves to whether it may be shown. A failed
// video or image is skipped; a late clip still shows its poster (it may start playing
// later), a late stream has nothing to show; a late image is shown as it comes.
async function fill(layer, item) {
  const image = item.image;
  layer.caption.textContent = item.caption || "";
  layer.author.textContent = creditLine(item);
  layer.place.textContent = item.place && item.place.name ? "· " + item.place.name : "";
  if (item.kind === "clip" || item.kind === "webcam_stream") {
    const source = item.kind === "clip" ? item.video : item.webcam;
    if (!source) return false;
    if (item.kind === "clip" && image) layer.video.poster = image.full.jpeg;
    layer.video.src = source.url;
    layer.video.load();
    const outcome = await whenReady(layer.video, ["canplay"]);
    return outcome === "ready" || (outcome === "late" && layer.video.hasAttribute("poster"));
  }
  if (item.kind === "webcam_image" && item.webcam) {
    layer.img.src = withStamp(item.webcam.url);
  } else if (image) {
    layer.img.src = useWebp ? image.full.webp : image.full.jpeg;
  } else {
    return false;
  }
  layer.img.alt = (image && image.alt) || item.caption || "";
  return (await imageReady(layer.img)) !== "failed";
}

function swapTo(layer, item) {
  const old = shown;
  const isVideo = item.kind === "clip" || item.kind === "webcam_stream";
  layer.el.classList.toggle("is-video", isVideo);
  layer.el.hidden = false;
  // Two frames so that the browser paints the layer transparent before it fades in.
  requestAnimationFrame(() => requestAnimationFrame(() => layer.el.classList.add("is-shown")));
  shown = layer;
  if (isVideo) layer.video.play().catch(() => undefined);
  layer.el.dataset.state = "shown";
  if (old && old !== layer) {
    old.el.classList.remove("is-shown");
    old.el.dataset.state = "fading";
    setTimeout(() => {
      // Unless the next item is already being put in it.
      if (old.el.dataset.state === "fading") {
        old.el.hidden = true;
        empty(old);
        old.el.dataset.state = "idle";
      }
    }, reducedMotion.matches ? 0 : FADE_MS);
  }
}

function showEmpty() {
  for (const layer of layers) {
    layer.el.classList.remove("is-shown");
    layer.el.hidden = true;
    empty(layer);
    layer.el.dataset.state = "idle";
  }
  shown = null;
  currentId = null;
  emptyMessage.hidden = false;
}

function takePending() {
  if (!pending) return;
  const known = new Set(items.map((item) => item.id));
  items = pending.items;
  photoSeconds = secondsOverride || pending.playlist.photo_seconds;
  upNext = upNext.concat(items.filter((item) => !known.has(item.id)).map((item) => item.id));
  pending = null;
}

function nextItem() {
  while (upNext.length) {
    const id = upNext.shift();
    const found = items.find((item) => item.id === id);
    if (found && id !== currentId) return found;
  }
  const at = items.findIndex((item) => item.id === triedId);
  return items[(at + 1) % items.length];
}

function secondsFor(item) {
  if (item.kind === "clip") {
    // The whole clip and a second, but never less than a photo: its "ended" event moves
    // on sooner; without a known length, a bound for a clip that stalls.
    const duration = item.video && Number(item.video.duration_s);
    return duration > 0 ? Math.max(photoSeconds, duration + 1) : photoSeconds * 3;
  }
  if (item.kind === "webcam_stream") return photoSeconds * 3;
  return photoSeconds;
}

function skip(layer) {
  // Back out of sight and empty; the next item is tried at once, or after a pause once
  // the whole list has failed in a row.
  layer.el.classList.remove("is-shown");
  layer.el.hidden = true;
  layer.el.dataset.state = "idle";
  empty(layer);
  failures += 1;
  // Nothing on screen and nothing playable: the calm message rather than black.
  if (!shown && failures >= items.length) emptyMessage.hidden = false;
  stage.dataset.skipped = String(Number(stage.dataset.skipped || 0) + 1);
  stepTimer = setTimeout(step, failures >= items.length ? RETRY_MS : 0);
}

async function step() {
  clearTimeout(stepTimer);
  clearInterval(refreshTimer);
  takePending();
  turn += 1;
  const myTurn = turn;
  if (!items.length) {
    showEmpty();
    stepTimer = setTimeout(step, 1000 * Math.min(pollSeconds, 5));
    return;
  }
  emptyMessage.hidden = true;
  const item = nextItem();
  triedId = item.id;
  const layer = layers.find((candidate) => candidate !== shown) || layers[0];
  layer.el.dataset.state = "preparing";
  empty(layer);
  const playable = await fill(layer, item);
  if (myTurn !== turn) return;
  if (!playable) {
    skip(layer);
    return;
  }
  failures = 0;
  currentId = item.id;
  swapTo(layer, item);
  stage.dataset.shown = String(item.id);
  stage.dataset.turns = String(turn);
  if (item.kind === "webcam_image" && item.webcam && item.webcam.refresh_s) {
    refreshTimer = setInterval(() => {
      layer.img.src = withStamp(item.webcam.url);
    }, item.webcam.refresh_s * 1000);
  }
  stepTimer = setTimeout(step, secondsFor(item) * 1000);
}

for (const layer of layers) {
  // A clip that ends early moves on; so does a video that cannot play.
  for (const name of ["ended", "error"]) {
    layer.video.addEventListener(name, () => {
      if (shown === layer && layer.video.hasAttribute("src")) step();
    });
  }
}

async function poll() {
  try {
    const headers = {Accept: "application/json"};
    if (etag) headers["If-None-Match"] = etag;
    const response = await fetch(feedUrl, {headers, cache: "no-store"});
    if (response.status === 200) {
      const feed = await response.json();
      etag = response.headers.get("ETag");
      pending = feed;
      pollSeconds = pollOverride || feed.poll_seconds || 15;
    } else if (response.status === 404) {
      // The playlist was deleted: the calm message until it comes back.
      etag = null;
      pending = {items: [], playlist: {photo_seconds: photoSeconds}};
    }
  } catch (error) {
    // Offline for a while: keep playing what we have.
  }
  if (pending && !currentId) step();  // nothing playing yet: start now
  setTimeout(poll, pollSeconds * 1000);
}

poll();
