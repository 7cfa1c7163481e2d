// Sign-up: the professional fields show only when « professionnel » is chosen. Without this
// script (or with JavaScript off) they are always shown, and the server checks them anyway.
(function () {
  "use strict";
  var form = document.querySelector("form .professional-fields");
  if (!form) { return; }
  var radios = document.querySelectorAll('input[name="customer_type"]');
  function update() {
    var pro = document.querySelector('input[name="customer_type"]:checked');
    form.hidden = !(pro && pro.value === "professional");
  }
  radios.forEach(function (radio) { radio.addEventListener("change", update); });
  update();
})();
