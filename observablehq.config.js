// Observable Framework configuration of the notebooks (npm run notebooks / notebooks:build).
// Offline by construction: no Google Fonts (globalStylesheets: []), no search index, the theme and
// Inputs CSS imported from node_modules in style.css, and a data: favicon (no /favicon.ico request).
// Recipe and pitfalls: ../shared/notes/notebooks-offline.md; page list: notebooks/index.md.
export default {
  root: "notebooks",
  title: "shakedown notebooks",
  style: "style.css",
  globalStylesheets: [],
  head: '<link rel="icon" href="data:,">',
  search: false,
  footer: "shakedown: a deterministic TLS handshake capacity simulator. Every view prints the command that reproduces it.",
  pager: true,
  toc: false,
  pages: [
    { name: "1 · Guide", path: "/" },
    { name: "2 · The 100-connection wall", path: "/session-wall" },
    { name: "3 · Load-balancer handshake storm", path: "/lb-storm" },
    { name: "4 · nginx handshake CPU saturation", path: "/nginx-cpu" },
    { name: "5 · Cluster session sharing", path: "/cluster-sessions" },
    { name: "6 · Rotation and the full-handshake herd", path: "/rotation" },
    { name: "7 · Retry storms", path: "/retry-storms" },
    { name: "8 · Validation", path: "/validation" },
    { name: "9 · Theory check", path: "/theory" },
  ],
};
