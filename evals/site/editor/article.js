// Blog comments: a contenteditable composer whose Post button is enabled only when there
// is text, comments with a Like toggle (aria-pressed) and an inline contenteditable reply
// box, and a sort select. State in window.comments.
(function () {
  window.comments = [
    { id: 1, author: "Dana Whitfield", when: "2 days ago", order: 1, text: "Remote caching was the same game changer for us. Which cache backend did you use?", likes: 14, liked: false, replies: [] },
    { id: 2, author: "Marco Bellini", when: "1 day ago", order: 2, text: "Interesting that bigger runners barely helped. We saw the same thing with our Gradle builds.", likes: 6, liked: false, replies: [{ author: "Irene Kowalski", text: "Yes! Most of the time goes into waiting on I/O, not CPU." }] },
    { id: 3, author: "Sunita Rao", when: "5 hours ago", order: 3, text: "Would love a follow-up post on how you sharded the end-to-end suite.", likes: 9, liked: false, replies: [] },
  ];
  const thread = document.getElementById("thread");
  const input = document.querySelector(".comment-input");
  const post = document.getElementById("post-comment");
  const sort = document.getElementById("sort");
  const plain = (el) => el.innerText.replace(/\u00a0/g, " ").trim();

  function ordered() {
    const list = window.comments.slice();
    if (sort.value === "top") return list.sort((a, b) => b.likes - a.likes);
    if (sort.value === "newest") return list.sort((a, b) => b.order - a.order);
    return list.sort((a, b) => a.order - b.order);
  }

  function replyBox(comment, li) {
    if (li.querySelector(".reply-box")) return li.querySelector(".reply-input").focus();
    const box = document.createElement("div");
    box.className = "reply-box";
    box.innerHTML = '<div class="reply-input" contenteditable="true" role="textbox" aria-multiline="true" data-placeholder="Write a reply…"></div><div class="composer-actions"><span></span><button type="button" class="post reply-post" disabled>Reply</button></div>';
    const field = box.querySelector(".reply-input");
    field.setAttribute("aria-label", `Reply to ${comment.author}`);
    const send = box.querySelector(".reply-post");
    field.addEventListener("input", () => { send.disabled = !plain(field); });
    send.addEventListener("click", () => {
      comment.replies.push({ author: "You", text: plain(field) });
      render();
    });
    li.querySelector(".box").append(box);
    field.focus();
  }

  function render() {
    thread.replaceChildren(
      ...ordered().map((c) => {
        const li = document.createElement("li");
        li.className = "comment";
        li.dataset.author = c.author;
        li.innerHTML = `<div class="avatar" style="background:hsl(${c.id * 97},45%,55%)" aria-hidden="true">${c.author[0]}</div>
          <div class="box"><div class="meta"><strong></strong><span class="when"></span></div><p class="text"></p>
          <div class="actions"><button type="button" class="like"></button><button type="button" class="reply">Reply</button></div>
          <ol class="replies"></ol></div>`;
        li.querySelector("strong").textContent = c.author;
        li.querySelector(".when").textContent = c.when;
        li.querySelector(".text").textContent = c.text;
        const like = li.querySelector(".like");
        like.textContent = `♥ ${c.likes}`;
        like.setAttribute("aria-pressed", String(c.liked));
        like.setAttribute("aria-label", `Like ${c.author}'s comment (${c.likes} likes)`);
        like.addEventListener("click", () => {
          c.liked = !c.liked;
          c.likes += c.liked ? 1 : -1;
          render();
        });
        li.querySelector(".reply").setAttribute("aria-label", `Reply to ${c.author}`);
        li.querySelector(".reply").addEventListener("click", () => replyBox(c, li));
        li.querySelector(".replies").replaceChildren(
          ...c.replies.map((r) => {
            const item = document.createElement("li");
            item.className = "comment reply-item";
            item.innerHTML = '<div class="box"><div class="meta"><strong></strong></div><p class="text"></p></div>';
            item.querySelector("strong").textContent = r.author;
            item.querySelector(".text").textContent = r.text;
            return item;
          }),
        );
        return li;
      }),
    );
    document.getElementById("comment-count").textContent = String(window.comments.length);
  }

  input.addEventListener("input", () => {
    if (input.innerHTML === "<br>") input.innerHTML = ""; // keep the :empty placeholder
    post.disabled = !plain(input);
  });
  post.addEventListener("click", () => {
    const text = plain(input);
    if (!text) return;
    const order = Math.max(...window.comments.map((c) => c.order)) + 1;
    window.comments.push({ id: order + 10, author: "You", when: "just now", order, text, likes: 0, liked: false, replies: [] });
    input.innerHTML = "";
    post.disabled = true;
    render();
  });
  sort.addEventListener("change", render);
  render();
})();
