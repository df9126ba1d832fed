// Suggested-question chips: every active question is offered. The first few
// show as chips; the rest wait behind a "More questions" toggle, so adding one
// in the admin never silently pushes another out of reach.

function chipButton(question) {
  const chip = document.createElement("button");
  chip.type = "button";
  chip.className = "chip";
  chip.dataset.question = question;
  chip.textContent = question;
  return chip;
}

// Hide the chips after the first `shown` behind a toggle (idempotent).
export function foldChips(container, shown) {
  container.querySelector(".chip-more")?.remove();
  const chips = [...container.querySelectorAll(".chip[data-question]")];
  const extra = chips.slice(shown);
  chips.forEach((chip, index) => {
    chip.hidden = index >= shown;
  });
  if (!extra.length) return;
  const more = document.createElement("button");
  more.type = "button";
  more.className = "chip chip-more";
  more.setAttribute("aria-expanded", "false");
  more.textContent = `More questions (${extra.length})`;
  more.addEventListener("click", () => {
    const open = more.getAttribute("aria-expanded") !== "true";
    for (const chip of extra) chip.hidden = !open;
    more.setAttribute("aria-expanded", String(open));
    more.textContent = open ? "Fewer questions" : `More questions (${extra.length})`;
    if (open) extra[0].focus();
  });
  container.append(more);
}

// Replace the chips with these questions, folded after the first `shown`.
export function renderChips(container, questions, shown) {
  container.replaceChildren(...questions.map(chipButton));
  foldChips(container, shown);
}
