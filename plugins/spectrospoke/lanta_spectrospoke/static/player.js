// The kiosk's player. The page holds a plain <video controls>, which plays as it is
// without JavaScript; this module turns a 360° or 180° clip into a view to look around
// in (three.js, copied from npm into ./vendor/ by `make node-tools`), with "Enter VR"
// where the browser offers an immersive session. Without WebGL, without the copy of
// three.js, when the video cannot be loaded for it, or on any error, the plain video
// stays, with a short notice. The server is told when the page opens (the clip's view)
// and when the clip was watched to the end, where the "Book this activity" dialog comes
// forward.
const root = document.getElementById("kiosk-player");
const video = document.getElementById("kiosk-video");
const notice = document.getElementById("kiosk-player-notice");
const endDialog = document.getElementById("kiosk-end");
const texts = root.dataset;
let panorama = null;
// The video could not be loaded (a missing file, another server's refusal): no 360° view.
let videoFailed = false;

// --- The server: the clip began, the clip ended; "Book this activity" comes forward. ---

function tell(url) {
  const token = document.querySelector('meta[name="csrf-token"]');
  // keepalive: a guest who leaves the page at once is still counted.
  fetch(url, {
    method: "POST", credentials: "same-origin", keepalive: true,
    headers: { "X-CSRF-Token": token ? token.content : "" },
  }).catch(() => {});
}

async function showEnd(session) {
  if (session) await session.end().catch(() => {});
  tell(texts.viewedUrl);
  if (endDialog && typeof endDialog.showModal === "function" && !endDialog.open) {
    endDialog.showModal();
    // Without "Book this activity" (an activity that takes no bookings), "Watch again".
    endDialog.querySelector(".kiosk-book, [data-replay]").focus();
  }
}

if (endDialog) {
  endDialog.querySelector("[data-replay]").addEventListener("click", () => {
    endDialog.close();
    video.currentTime = 0;
    video.play();
  });
}

// --- The plain video, kept or given back. ---

function fallBack(message) {
  if (panorama) panorama.dispose();
  panorama = null;
  video.hidden = false;
  video.controls = true;
  notice.textContent = message;
  root.dataset.mode = "flat";
}

function webglWorks() {
  try {
    const canvas = document.createElement("canvas");
    return Boolean(canvas.getContext("webgl2") || canvas.getContext("webgl"));
  } catch (error) {
    return false;
  }
}

// --- The 360° view. ---

// The mesh of each eye: which part of the picture it shows (u, v scale and offset) and
// which camera layer sees it (0: both eyes; 1: the left eye and the flat view; 2: the
// right eye).
const LAYOUTS = {
  "360_mono": { half: false, eyes: [{ layer: 0, scale: [1, 1], offset: [0, 0] }] },
  "360_stereo_tb": { half: false, eyes: [
    { layer: 1, scale: [1, 0.5], offset: [0, 0.5] },
    { layer: 2, scale: [1, 0.5], offset: [0, 0] }] },
  "180_sbs": { half: true, eyes: [
    { layer: 1, scale: [0.5, 1], offset: [0, 0] },
    { layer: 2, scale: [0.5, 1], offset: [0.5, 0] }] },
};

function eyeMesh(THREE, layout, eye, texture) {
  // A sphere seen from inside (x mirrored). The half sphere faces the camera; the whole
  // one is turned so that the middle of the picture is ahead.
  const geometry = layout.half
    ? new THREE.SphereGeometry(50, 64, 32, Math.PI, Math.PI)
    : new THREE.SphereGeometry(50, 64, 32);
  geometry.scale(-1, 1, 1);
  const uv = geometry.attributes.uv;
  for (let i = 0; i < uv.count; i += 1) {
    uv.setXY(i, uv.getX(i) * eye.scale[0] + eye.offset[0],
             uv.getY(i) * eye.scale[1] + eye.offset[1]);
  }
  const mesh = new THREE.Mesh(geometry, new THREE.MeshBasicMaterial({ map: texture }));
  if (!layout.half) mesh.rotation.y = -Math.PI / 2;
  mesh.layers.set(eye.layer);
  return mesh;
}

function button(label, onClick) {
  const element = document.createElement("button");
  element.type = "button";
  element.className = "kiosk-button";
  element.textContent = label;
  element.addEventListener("click", onClick);
  return element;
}

class Panorama {
  constructor(THREE, layout) {
    this.THREE = THREE;
    this.listeners = [];
    this.lon = 0;
    this.lat = 0;
    this.orientation = null;
    this.renderer = new THREE.WebGLRenderer({ antialias: true });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
    this.renderer.xr.enabled = true;
    this.renderer.xr.setReferenceSpaceType("local");
    this.canvas = this.renderer.domElement;
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute("role", "img");
    this.canvas.setAttribute("aria-label", texts.textView);
    this.scene = new THREE.Scene();
    this.camera = new THREE.PerspectiveCamera(75, 16 / 9, 0.1, 200);
    this.camera.layers.enable(1); // outside VR, the left eye's picture
    this.texture = new THREE.VideoTexture(video);
    this.texture.colorSpace = THREE.SRGBColorSpace;
    this.meshes = layout.eyes.map((eye) => eyeMesh(THREE, layout, eye, this.texture));
    this.meshes.forEach((mesh) => this.scene.add(mesh));
    this.draw = () => this.render();
  }

  mount() {
    video.hidden = true;
    video.controls = false;
    root.insertBefore(this.canvas, video);
    root.insertBefore(this.controls(), notice);
    this.lookByDragging();
    this.lookByKeys();
    this.resize();
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(this.canvas);
    this.listen(document, "visibilitychange", () => this.renderer.setAnimationLoop(
      document.hidden ? null : this.draw));
    // A paused video hands the texture no frame: without this, the view stays black
    // until the guest presses play (and after a seek while paused).
    const showFrame = () => { this.texture.needsUpdate = true; };
    this.listen(video, "loadeddata", showFrame);
    this.listen(video, "seeked", showFrame);
    if (video.readyState >= 2) showFrame();
    this.renderer.setAnimationLoop(this.draw);
    root.dataset.mode = "360";
  }

  // A listener on something that outlives the view (the video, the document, the
  // window): removed by dispose, so that a view made again does not add a second one.
  listen(target, type, listener) {
    target.addEventListener(type, listener);
    this.listeners.push([target, type, listener]);
  }

  controls() {
    const bar = document.createElement("div");
    bar.className = "kiosk-controls";
    const play = button(texts.textPlay, () => (video.paused ? video.play() : video.pause()));
    const showPlaying = () => { play.textContent = video.paused ? texts.textPlay : texts.textPause; };
    this.listen(video, "play", showPlaying);
    this.listen(video, "pause", showPlaying);
    const mute = button(texts.textMute, () => { video.muted = !video.muted; });
    this.listen(video, "volumechange", () => {
      mute.textContent = video.muted ? texts.textUnmute : texts.textMute;
    });
    const label = document.createElement("label");
    const caption = document.createElement("span");
    caption.textContent = texts.textPosition;
    const position = document.createElement("input");
    Object.assign(position, { type: "range", min: "0", max: "1000", step: "1", value: "0" });
    position.addEventListener("input", () => {
      if (video.duration) video.currentTime = (position.value / 1000) * video.duration;
    });
    this.listen(video, "timeupdate", () => {
      if (video.duration) position.value = String(Math.round((video.currentTime / video.duration) * 1000));
    });
    label.append(caption, position);
    bar.append(play, mute, label);
    this.addMotion(bar);
    this.addVR(bar);
    return bar;
  }

  addMotion(bar) {
    // Phones and tablets: look around by turning the device, once the visitor allows it.
    if (!("DeviceOrientationEvent" in window) || !matchMedia("(pointer: coarse)").matches) return;
    const follow = (event) => {
      if (event.alpha !== null) this.orientation = event;
    };
    const motion = button(texts.textMotion, async () => {
      if (motion.getAttribute("aria-pressed") === "true") {
        window.removeEventListener("deviceorientation", follow);
        this.orientation = null;
        motion.setAttribute("aria-pressed", "false");
        return;
      }
      const ask = DeviceOrientationEvent.requestPermission;
      if (typeof ask === "function" && (await ask().catch(() => "denied")) !== "granted") return;
      motion.setAttribute("aria-pressed", "true");
      this.listen(window, "deviceorientation", follow);
    });
    motion.setAttribute("aria-pressed", "false");
    bar.append(motion);
  }

  async addVR(bar) {
    if (!navigator.xr || !(await navigator.xr.isSessionSupported("immersive-vr").catch(() => false))) return;
    const enter = button(texts.textVr, async () => {
      const current = this.renderer.xr.getSession();
      if (current) { await current.end(); return; }
      const session = await navigator.xr.requestSession("immersive-vr",
        { optionalFeatures: ["local-floor"] });
      await this.renderer.xr.setSession(session);
      enter.textContent = texts.textExitVr;
      session.addEventListener("end", () => { enter.textContent = texts.textVr; });
      video.play();
    });
    bar.append(enter);
  }

  lookByDragging() {
    let from = null;
    this.canvas.addEventListener("pointerdown", (event) => {
      from = { x: event.clientX, y: event.clientY, lon: this.lon, lat: this.lat };
      this.canvas.setPointerCapture(event.pointerId);
    });
    this.canvas.addEventListener("pointermove", (event) => {
      if (!from) return;
      this.orientation = null;
      this.lon = from.lon - (event.clientX - from.x) * 0.15;
      this.lat = from.lat + (event.clientY - from.y) * 0.15;
    });
    const stop = () => { from = null; };
    this.canvas.addEventListener("pointerup", stop);
    this.canvas.addEventListener("pointercancel", stop);
  }

  lookByKeys() {
    const steps = { ArrowLeft: [-5, 0], ArrowRight: [5, 0], ArrowUp: [0, 5], ArrowDown: [0, -5] };
    this.canvas.addEventListener("keydown", (event) => {
      const step = steps[event.key];
      if (!step) return;
      event.preventDefault();
      this.orientation = null;
      this.lon += step[0];
      this.lat += step[1];
    });
  }

  resize() {
    const width = this.canvas.clientWidth || root.clientWidth;
    const height = this.canvas.clientHeight || Math.round(width * 9 / 16);
    if (this.renderer.xr.isPresenting || !width || !height) return;
    this.renderer.setSize(width, height, false);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
  }

  aim() {
    const THREE = this.THREE;
    if (this.orientation) {
      // The device's orientation as a camera rotation (the screen held upright).
      const { alpha, beta, gamma } = this.orientation;
      const toRad = THREE.MathUtils.degToRad;
      const euler = new THREE.Euler(toRad(beta), toRad(alpha), -toRad(gamma), "YXZ");
      const turn = toRad((window.screen.orientation && window.screen.orientation.angle) || 0);
      this.camera.quaternion.setFromEuler(euler)
        .multiply(new THREE.Quaternion(-Math.SQRT1_2, 0, 0, Math.SQRT1_2))
        .multiply(new THREE.Quaternion().setFromAxisAngle(new THREE.Vector3(0, 0, 1), -turn));
      return;
    }
    this.lat = Math.max(-85, Math.min(85, this.lat));
    const phi = THREE.MathUtils.degToRad(90 - this.lat);
    const theta = THREE.MathUtils.degToRad(this.lon - 90);
    this.camera.lookAt(Math.sin(phi) * Math.cos(theta), Math.cos(phi),
                       Math.sin(phi) * Math.sin(theta));
  }

  render() {
    if (!this.renderer.xr.isPresenting) this.aim();
    this.renderer.render(this.scene, this.camera);
  }

  dispose() {
    this.renderer.setAnimationLoop(null);
    this.listeners.forEach(([target, type, listener]) => target.removeEventListener(type, listener));
    this.listeners = [];
    if (this.resizeObserver) this.resizeObserver.disconnect();
    this.meshes.forEach((mesh) => { mesh.geometry.dispose(); mesh.material.dispose(); });
    this.texture.dispose();
    this.renderer.dispose();
    this.canvas.remove();
    root.querySelectorAll(".kiosk-controls").forEach((bar) => bar.remove());
  }
}

function sameOrigin(url) {
  return new URL(url, location.href).origin === location.origin;
}

// --- The video could not be loaded. ---

// With <source> children the error is fired at the <source>, not at the <video>.
const source = video.querySelector("source");

function videoError() {
  videoFailed = true;
  if (video.hasAttribute("crossorigin")) {
    // Another server refused its consent (CORS): without the attribute the video plays,
    // flat.
    video.removeAttribute("crossorigin");
    video.load();
  }
  if (panorama || root.dataset.mode === "360") fallBack(texts.textFlat);
}

(source || video).addEventListener("error", videoError);
// Failed before this module ran (a fast "not found"): nothing left to load, no picture.
if (source && video.networkState === HTMLMediaElement.NETWORK_NO_SOURCE
    && video.readyState === HTMLMediaElement.HAVE_NOTHING) {
  videoFailed = true;
}

// --- The upgrade to the 360° view. ---

async function upgrade() {
  const layout = LAYOUTS[texts.projection];
  if (!layout) return; // a flat clip: the plain video is the player
  if (!texts.threeUrl || !webglWorks()) {
    fallBack(texts.textFlat);
    return;
  }
  try {
    if (source && !sameOrigin(source.src) && !video.hasAttribute("crossorigin")
        && !videoFailed) {
      // A picture from another server may only feed WebGL with that server's consent
      // (CORS): ask for it (videoError gives the attribute up when refused).
      video.crossOrigin = "anonymous";
      video.load();
    }
    const THREE = await import(texts.threeUrl);
    if (videoFailed) {
      fallBack(texts.textFlat);
      return;
    }
    panorama = new Panorama(THREE, layout);
    panorama.mount();
  } catch (error) {
    fallBack(texts.textFlat);
  }
}

video.addEventListener("ended", () => {
  showEnd(panorama && panorama.renderer.xr.getSession());
});
// Leaving the page: give the GPU its memory back at once. A page the browser kept
// (back/forward cache) and shows again is given its view again.
window.addEventListener("pagehide", () => {
  if (panorama) panorama.dispose();
  panorama = null;
});
window.addEventListener("pageshow", (event) => {
  if (event.persisted && !panorama) upgrade();
});
tell(texts.startedUrl);
upgrade();
