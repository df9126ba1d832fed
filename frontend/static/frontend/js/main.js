// Entry point: wire up the EVE widget and the certificate viewer.

import { EveWidget } from "./chat.js";
import { ReplyFeedback } from "./feedback.js";
import { CertificateViewer } from "./viewer.js";

function start() {
  const dialog = document.getElementById("certificate-viewer");
  const viewer = dialog && typeof dialog.showModal === "function" ? new CertificateViewer(dialog) : null;

  if (viewer) {
    for (const button of document.querySelectorAll("[data-view-certificate]")) {
      button.hidden = false;
      button.addEventListener("click", () =>
        viewer.open(button.dataset.viewCertificate, button.dataset.certificateName, button),
      );
    }
  }

  const root = document.getElementById("eve");
  if (!root) return;
  const widget = new EveWidget(root, { viewer });
  new ReplyFeedback(root.querySelector("#eve-log"));
  for (const button of document.querySelectorAll("[data-open-eve]")) {
    button.hidden = false;
    button.addEventListener("click", () => {
      if (button.dataset.eveQuestion) widget.ask(button.dataset.eveQuestion);
      else widget.open();
    });
  }
  document.documentElement.classList.add("js");
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
