// Certificate viewer: a modal <dialog> showing a private PDF through a
// short-lived URL from POST /api/certificates/{slug}/url/.

import { apiUrl, friendlyMessage, requestJson } from "./api.js";

// The PDF frame is left out of the tab order: focus inside a PDF plugin cannot be
// trapped, and "Open in new tab" gives keyboard users the full viewer.
const FOCUSABLE = 'a[href]:not([hidden]), button:not([disabled]):not([hidden]), [tabindex]:not([tabindex="-1"])';

export class CertificateViewer {
  constructor(dialog) {
    this.dialog = dialog;
    this.title = dialog.querySelector("#viewer-title");
    this.status = dialog.querySelector("#viewer-status");
    this.frame = dialog.querySelector("#viewer-frame");
    this.countdown = dialog.querySelector("#viewer-countdown");
    this.openLink = dialog.querySelector("#viewer-open");
    this.renew = dialog.querySelector("#viewer-renew");
    this.note = dialog.querySelector("#viewer-note");
    this.links = new Map(); // slug -> {url, expiresAt}
    this.expiries = null; // promise of slug -> the certificate's own expiry, from the public list
    this.slug = null;
    this.timer = null;
    this.returnFocus = null;
    dialog.querySelector("#viewer-close").addEventListener("click", () => this.close());
    this.renew.addEventListener("click", () => this.open(this.slug, this.title.textContent, this.returnFocus));
    dialog.addEventListener("close", () => this.afterClose());
    dialog.addEventListener("click", (event) => {
      if (event.target === dialog) this.close(); // the backdrop
    });
    dialog.addEventListener("keydown", (event) => this.trapFocus(event));
    document.addEventListener("focusin", (event) => {
      if (this.dialog.open && !this.dialog.contains(event.target)) this.dialog.querySelector("#viewer-close").focus();
    });
  }

  async open(slug, name, trigger) {
    this.slug = slug;
    this.returnFocus = trigger || document.activeElement;
    this.title.textContent = name || "Certificate";
    this.status.textContent = "Fetching a secure link…";
    this.frame.hidden = true;
    this.openLink.hidden = true;
    this.renew.hidden = true;
    this.note.hidden = true;
    this.countdown.textContent = "";
    if (!this.dialog.open) this.dialog.showModal();
    this.dialog.querySelector("#viewer-close").focus();
    this.showExpiry(slug);
    let link = this.links.get(slug);
    if (!link || link.expiresAt <= Date.now()) {
      try {
        const data = await requestJson(`/api/certificates/${encodeURIComponent(slug)}/url/`, { method: "POST", body: {} });
        // Local signed links are paths on the API's origin, which may not be this page's.
        const url = String(data.url).startsWith("/") ? apiUrl(data.url) : String(data.url);
        link = { url, expiresAt: Date.now() + (Number(data.expires_in) || 300) * 1000 };
        this.links.set(slug, link);
      } catch (failure) {
        this.status.textContent = failure.status === 404
          ? "This certificate's file is not available right now."
          : friendlyMessage(failure, "certificate");
        return;
      }
    }
    if (!this.dialog.open) return;
    this.status.textContent = "";
    this.frame.src = link.url;
    this.frame.hidden = false;
    this.setOpenLink(link.url);
    this.openLink.hidden = false;
    this.startCountdown(link);
  }

  // "Open in new tab" works only while the link does: an expired one would open an error page.
  setOpenLink(url) {
    if (url) {
      this.openLink.href = url;
      this.openLink.removeAttribute("aria-disabled");
    } else {
      this.openLink.removeAttribute("href");
      this.openLink.setAttribute("aria-disabled", "true");
    }
  }

  // The certificate's own expiry (not the link's), read once from the public list.
  async showExpiry(slug) {
    if (!this.expiries) {
      this.expiries = requestJson("/api/certificates/")
        .then((items) => new Map((Array.isArray(items) ? items : []).map((item) => [item.slug, item])))
        .catch(() => {
          this.expiries = null; // try again next time
          return new Map();
        });
    }
    const certificate = (await this.expiries).get(slug);
    if (!certificate || !certificate.is_expired || !certificate.expires_on || this.slug !== slug) return;
    const day = new Date(`${certificate.expires_on}T00:00:00`);
    const when = day.toLocaleDateString(undefined, { day: "numeric", month: "long", year: "numeric" });
    this.note.textContent = `This certificate expired on ${when}. It is shown as a record of what was earned.`;
    this.note.hidden = false;
  }

  startCountdown(link) {
    clearInterval(this.timer);
    const tick = () => {
      const left = Math.max(0, Math.round((link.expiresAt - Date.now()) / 1000));
      if (left === 0) {
        this.countdown.textContent = "This secure link has expired.";
        this.countdown.classList.add("is-expired");
        this.setOpenLink(null);
        this.renew.hidden = false;
        clearInterval(this.timer);
        return;
      }
      const minutes = Math.floor(left / 60);
      const seconds = String(left % 60).padStart(2, "0");
      this.countdown.textContent = `Secure link valid for ${minutes}:${seconds}`;
      this.countdown.classList.remove("is-expired");
    };
    tick();
    this.timer = setInterval(tick, 1000);
  }

  close() {
    if (this.dialog.open) this.dialog.close();
  }

  afterClose() {
    clearInterval(this.timer);
    this.frame.removeAttribute("src");
    this.frame.hidden = true;
    if (this.returnFocus && typeof this.returnFocus.focus === "function") this.returnFocus.focus();
    this.returnFocus = null;
  }

  trapFocus(event) {
    if (event.key !== "Tab") return;
    const items = [...this.dialog.querySelectorAll(FOCUSABLE)];
    if (!items.length) return;
    const first = items[0];
    const last = items[items.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }
}
