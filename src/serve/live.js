// redflag preview: reloads the page when the site changes (Server-Sent Events), keeping the
// scroll position. Injected by `redflag serve` only; never part of a built site. The page's
// version is the rebuild it was served from: the first event says the current one, so a change
// made before this script was listening still reloads the page.
(() => {
  const served = document.currentScript?.dataset.version;
  const key = "redflag-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    const restore = () => window.scrollTo(0, Number(saved));
    if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
  }
  const reload = () => {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  };
  const events = new EventSource("/__redflag/events");
  events.addEventListener("version", (event) => {
    if (served !== undefined && event.data !== served) reload();
  });
  events.addEventListener("reload", (event) => {
    const paths = JSON.parse(event.data);
    if (paths.includes("*") || paths.includes(location.pathname)) reload();
  });
})();
