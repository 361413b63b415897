// The kiosk's navigation for headsets and tablets. A headset's pointer is the
// controller's ray or the wearer's gaze, with no easy click: a card that stays under the
// pointer for DWELL_MS opens (its ring shows the wait; leaving cancels). A tap, a click
// or Enter opens at once (the card's link), and the arrow keys move between cards.
// A finger never dwells (it taps); neither does a computer's mouse, which rests anywhere
// (see mouseDwells).
const DWELL_MS = 2000;

// Headset browsers report the controller's ray as a mouse, with a fine pointer that
// hovers, just as a computer's mouse: what tells them apart is that a headset's browser
// can show VR. Without a fine hovering pointer (a gaze, a remote) the "mouse" dwells.
async function mouseDwells() {
  if (!matchMedia("(hover: hover) and (pointer: fine)").matches) return true;
  if (!navigator.xr) return false;
  return navigator.xr.isSessionSupported("immersive-vr").catch(() => false);
}

function dwellOn(card, mouseToo) {
  const link = card.querySelector("a[href]");
  if (!link) return;
  let timer = null;
  const cancel = () => {
    clearTimeout(timer);
    timer = null;
    card.classList.remove("is-dwelling");
  };
  card.addEventListener("pointerenter", (event) => {
    if (event.pointerType === "touch" || timer !== null) return;
    if (event.pointerType === "mouse" && !mouseToo) return;
    card.classList.add("is-dwelling");
    timer = setTimeout(() => {
      cancel();
      link.click();
    }, DWELL_MS);
  });
  card.addEventListener("pointerleave", cancel);
  card.addEventListener("pointercancel", cancel);
  // Coming back through the browser's history must not find a ring half-way.
  window.addEventListener("pagehide", cancel);
}

function columnsOf(cards) {
  const top = cards[0].getBoundingClientRect().top;
  const sameRow = cards.filter((card) => Math.abs(card.getBoundingClientRect().top - top) < 2);
  return Math.max(1, sameRow.length);
}

function arrowsBetween(cards) {
  const links = cards.map((card) => card.querySelector("a[href]"));
  const steps = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: "up", ArrowDown: "down" };
  document.addEventListener("keydown", (event) => {
    const index = links.indexOf(document.activeElement);
    const step = steps[event.key];
    if (index < 0 || step === undefined || event.altKey || event.ctrlKey || event.metaKey) return;
    const columns = columnsOf(cards);
    const delta = step === "up" ? -columns : step === "down" ? columns : step;
    const target = links[Math.min(links.length - 1, Math.max(0, index + delta))];
    event.preventDefault();
    target.focus();
  });
}

const cards = Array.from(document.querySelectorAll("[data-dwell]"));
if (cards.length) arrowsBetween(cards);
const mouseToo = await mouseDwells();
cards.forEach((card) => dwellOn(card, mouseToo));
// Says which pointers dwell, once the cards listen (the browser tests wait for it).
document.body.dataset.dwellMouse = mouseToo ? "yes" : "no";
