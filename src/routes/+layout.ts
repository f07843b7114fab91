// Loupe is a local-first app: every page renders in the browser, where the library lives.
export const ssr = false;
export const prerender = false;
