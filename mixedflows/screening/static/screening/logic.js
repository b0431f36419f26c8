// Skip logic on the screening page: the same declarative conditions as the rule engine (rules.py),
// read from data-relevant, evaluated on the answers in the page. The server decides again on save and
// keeps no answer to a question that is not asked; this only shows and hides as the officer answers.
(function () {
  "use strict";
  const factsNode = document.getElementById("person-facts");
  if (!factsNode) return;
  const person = JSON.parse(factsNode.textContent);

  function answer(key) {
    const inputs = document.querySelectorAll('[name="' + key + '"]');
    if (!inputs.length) return null;
    const first = inputs[0];
    if (first.type === "checkbox") return Array.from(inputs).filter((i) => i.checked).map((i) => i.value);
    if (first.type === "radio") {
      const chosen = Array.from(inputs).find((i) => i.checked);
      return chosen ? chosen.value : "";
    }
    return first.value.trim();
  }

  const answered = (v) => !(v === null || v === undefined || v === "" || (Array.isArray(v) && !v.length));

  function holds(c) {
    if (c.all) return c.all.every(holds);
    if (c.any) return c.any.some(holds);
    if (c.not) return !holds(c.not);
    const value = "person" in c ? person[c.person] : answer(c.q);
    if ("answered" in c) return answered(value) === Boolean(c.answered);
    if (!answered(value)) return false;
    if ("equals" in c) return Array.isArray(value) ? value.includes(String(c.equals)) : String(value) === String(c.equals);
    if ("in" in c) {
      const wanted = c.in.map(String);
      return Array.isArray(value) ? value.some((v) => wanted.includes(v)) : wanted.includes(String(value));
    }
    const number = Number(value);
    if (Number.isNaN(number)) return false;
    return ">=" in c ? number >= c[">="] : number < c["<"];
  }

  function refresh() {
    document.querySelectorAll("[data-relevant]").forEach((node) => {
      node.hidden = !holds(JSON.parse(node.dataset.relevant));
    });
  }

  document.addEventListener("change", (event) => {
    if (event.target.closest(".screening-section")) refresh();
  });
  refresh();
})();
