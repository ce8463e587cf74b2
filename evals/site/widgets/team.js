// Team page with three modal dialogs (invite, rename, leave) and a toast.
// State: window.invites (pending invitations), window.projectName, window.leftProject.
(function () {
  window.invites = [{ email: "old.contractor@example.com", role: "Viewer", message: "" }];
  window.projectName = "Website redesign";
  window.leftProject = false;
  const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
  let lastFocus = null;

  function open(id) {
    lastFocus = document.activeElement;
    const dlg = document.getElementById(id);
    dlg.hidden = false;
    const first = dlg.querySelector("input, textarea, button.primary, button.danger");
    if (first) first.focus();
  }
  function close(dlg) {
    dlg.hidden = true;
    if (lastFocus) lastFocus.focus();
  }
  document.querySelectorAll(".overlay").forEach((dlg) => {
    dlg.querySelectorAll(".close").forEach((b) => b.addEventListener("click", () => close(dlg)));
    dlg.addEventListener("keydown", (e) => { if (e.key === "Escape") close(dlg); });
    dlg.addEventListener("mousedown", (e) => { if (e.target === dlg) close(dlg); });
  });

  function toast(text) {
    const el = document.getElementById("toast");
    el.textContent = text;
    el.hidden = false;
    clearTimeout(toast.t);
    toast.t = setTimeout(() => { el.hidden = true; }, 6000);
  }

  function renderPending() {
    const list = document.getElementById("pending");
    list.replaceChildren(
      ...window.invites.map((inv) => {
        const li = document.createElement("li");
        li.innerHTML = '<span class="av" style="background:#a1a1aa">@</span><div><strong></strong><small></small></div><button type="button" class="revoke">Revoke</button>';
        li.querySelector("strong").textContent = inv.email;
        li.querySelector("small").textContent = `Invited as ${inv.role}`;
        li.querySelector(".revoke").setAttribute("aria-label", `Revoke invitation for ${inv.email}`);
        li.querySelector(".revoke").addEventListener("click", () => {
          window.invites = window.invites.filter((i) => i !== inv);
          renderPending();
          toast(`Invitation for ${inv.email} revoked`);
        });
        return li;
      }),
    );
    document.getElementById("no-pending").hidden = window.invites.length > 0;
  }

  document.getElementById("open-invite").addEventListener("click", () => {
    document.getElementById("invite-email").value = "";
    document.getElementById("invite-message").value = "";
    document.querySelector("input[name=invite-role][value=Viewer]").checked = true;
    open("invite-dialog");
  });
  document.getElementById("send-invite").addEventListener("click", () => {
    const input = document.getElementById("invite-email");
    const error = document.getElementById("invite-email-error");
    const email = input.value.trim().toLowerCase();
    let problem = "";
    if (!email) problem = "Enter an email address.";
    else if (!EMAIL.test(email)) problem = "That doesn't look like a valid email address.";
    else if (window.invites.some((i) => i.email === email)) problem = "This person already has a pending invitation.";
    input.setAttribute("aria-invalid", String(Boolean(problem)));
    error.textContent = problem;
    error.hidden = !problem;
    if (problem) return;
    const role = document.querySelector("input[name=invite-role]:checked").value;
    window.invites.push({ email, role, message: document.getElementById("invite-message").value.trim() });
    renderPending();
    close(document.getElementById("invite-dialog"));
    toast(`Invite sent to ${email}`);
  });

  document.getElementById("open-rename").addEventListener("click", () => {
    document.getElementById("rename-input").value = window.projectName;
    open("rename-dialog");
  });
  document.getElementById("save-rename").addEventListener("click", () => {
    const name = document.getElementById("rename-input").value.trim();
    document.getElementById("rename-error").hidden = Boolean(name);
    if (!name) return;
    window.projectName = name;
    document.getElementById("project-name").textContent = name;
    document.getElementById("invite-title").textContent = `Invite people to ${name}`;
    document.querySelectorAll(".pname").forEach((el) => { el.textContent = name; });
    document.title = `${name} · Members — Planly`;
    close(document.getElementById("rename-dialog"));
    toast("Project renamed");
  });

  document.getElementById("open-leave").addEventListener("click", () => open("leave-dialog"));
  document.getElementById("confirm-leave").addEventListener("click", () => {
    window.leftProject = true;
    document.body.innerHTML = '<div class="left-banner"><h1>You left Website redesign</h1><p>Ask Rosa Delgado to invite you again if this was a mistake.</p></div>';
  });
  renderPending();
})();
