// Help-centre helpers: the "Was this helpful?" vote (stored per page as
// localStorage "helpful:<page>") and the live topic filter on the home page (no form).
(function () {
  const box = document.querySelector(".helpful");
  if (box) {
    const page = box.dataset.page;
    box.querySelectorAll("button").forEach((b) =>
      b.addEventListener("click", () => {
        localStorage.setItem(`helpful:${page}`, b.dataset.vote);
        box.innerHTML = "<p>Thanks for your feedback!</p>";
      }),
    );
  }
  const filter = document.getElementById("topic-filter");
  if (filter) {
    filter.addEventListener("input", () => {
      const q = filter.value.trim().toLowerCase();
      document.querySelectorAll(".topics li").forEach((li) => {
        li.hidden = Boolean(q) && !li.textContent.toLowerCase().includes(q);
      });
    });
  }
})();
