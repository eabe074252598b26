// «Copiar» beside a secret shown once: copies the text of the input the button names.
// Without JavaScript the input is still there to select and copy by hand.
document.querySelectorAll("button[data-copy]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", async () => {
    const input = document.getElementById(button.dataset.copy);
    if (!input) return;
    input.select();
    try {
      await navigator.clipboard.writeText(input.value);
      button.textContent = "Copiado";
    } catch {
      button.textContent = "Selecciónelo y cópielo";
    }
  });
});
