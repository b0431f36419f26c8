// "Use this record" in the lookup of a visit: the person met is a record the agency already holds.
// The number and what the monitor already typed about the detention go to the "Found" form, whose
// button then has the focus: one key records the meeting, nothing is typed twice.
(function () {
  "use strict";
  const SHARED = ["reasons", "detained_since", "age_recorded", "age_disputed", "note"];
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-use-record]");
    const found = document.getElementById("found");
    const entry = document.getElementById("entry");
    if (!button || !found || !entry) return;
    // The "Found" form's fields carry its prefix (found-...).
    const named = (name) => found.querySelectorAll('[name="found-' + name + '"], [name="' + name + '"]');
    named("registration_number")[0].value = button.dataset.useRecord;
    SHARED.forEach((name) => {
      const from = entry.querySelectorAll('[name="' + name + '"]');
      const to = named(name);
      from.forEach((input, i) => {
        const target = to[i];
        if (!target) return;
        if (input.type === "checkbox" || input.type === "radio") target.checked = input.checked;
        else if (input.tagName === "SELECT" && input.multiple) {
          Array.from(input.options).forEach((o, j) => { if (target.options[j]) target.options[j].selected = o.selected; });
        } else target.value = input.value;
      });
    });
    found.querySelector("button").focus();
    found.scrollIntoView({ block: "center" });
  });
})();
