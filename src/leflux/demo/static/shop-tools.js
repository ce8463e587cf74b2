// The shop's own tools for its assistant: what only this site can do, offered with
// window.LeFlux.registerTool (see the README's "Your own tools"). Each handler calls the
// shop's JSON API and returns what the assistant tells the visitor; a refusal is thrown
// as an Error whose message the visitor may read.
(function () {
  "use strict";

  async function call(url, init) {
    const response = await fetch(url, Object.assign({ headers: { Accept: "application/json",
      "Content-Type": "application/json" }, credentials: "same-origin" }, init || {}));
    const body = await response.json().catch(function () { return {}; });
    if (!response.ok) {
      throw new Error((body.error && body.error.message) || "the shop could not answer");
    }
    return body;
  }

  // The cart/checkout summary on this page, redrawn from the server's.
  async function refreshSummary() {
    const box = document.querySelector("aside.summary");
    if (!box) return;
    const html = await (await fetch(location.href, { credentials: "same-origin" })).text();
    const fresh = new DOMParser().parseFromString(html, "text/html").querySelector("aside.summary");
    if (fresh) box.replaceWith(fresh);
  }

  function register(agent) {
    agent.registerTool({
      name: "lookupOrderStatus",
      description: "Look up the status of one of the visitor's orders (where it is, when it " +
        "arrives) by its order number.",
      parameters: {
        type: "object",
        properties: {
          orderNumber: { type: "string", pattern: "^[0-9]{5,9}$",
            description: "The order number, e.g. 10001" },
        },
        required: ["orderNumber"],
        additionalProperties: false,
      },
      handler: function (args) {
        return call("/shop-api/orders/" + encodeURIComponent(args.orderNumber));
      },
    });
    agent.registerTool({
      name: "applyCoupon",
      description: "Apply a coupon (discount) code to the visitor's cart.",
      parameters: {
        type: "object",
        properties: {
          code: { type: "string", minLength: 3, maxLength: 40, pattern: "^[A-Za-z0-9_-]+$",
            description: "The coupon code, e.g. SAVE10" },
        },
        required: ["code"],
        additionalProperties: false,
      },
      handler: async function (args) {
        const result = await call("/shop-api/cart/coupon", { method: "POST",
          body: JSON.stringify({ code: args.code }) });
        await refreshSummary().catch(function () { /* the next page shows it anyway */ });
        return { message: result.message, code: result.code, discount: result.discount,
          total: result.total };
      },
    });
  }

  if (window.LeFlux) register(window.LeFlux);
  else window.addEventListener("leflux:ready", function () { register(window.LeFlux); }, { once: true });
})();
