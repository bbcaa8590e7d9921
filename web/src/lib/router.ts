// Client-side routes on the History API. The server answers every app path with index.html
// (SPA fallback), so /rooms/:id, /join/:code and /public/rooms/:id work on reload and as links.
import { Observable } from "./observable";

export type Route =
  | { name: "home" }
  | { name: "room"; roomId: string }
  | { name: "join"; code: string }
  | { name: "public" }
  | { name: "public-room"; roomId: string }
  | { name: "not-found" };

export function parseRoute(pathname: string): Route {
  const parts = pathname.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { name: "home" };
  if (parts[0] === "rooms" && parts.length === 2) return { name: "room", roomId: parts[1] };
  if (parts[0] === "join" && parts.length === 2) return { name: "join", code: parts[1] };
  if (parts[0] === "public" && parts.length === 1) return { name: "public" };
  if (parts[0] === "public" && parts[1] === "rooms" && parts.length === 3)
    return { name: "public-room", roomId: parts[2] };
  return { name: "not-found" };
}

export const route = new Observable<Route>(parseRoute(location.pathname));

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (path !== location.pathname + location.search) {
    if (options.replace) history.replaceState(null, "", path);
    else history.pushState(null, "", path);
  }
  route.set(parseRoute(location.pathname));
  window.scrollTo(0, 0);
}

window.addEventListener("popstate", () => route.set(parseRoute(location.pathname)));

/** Click handler for in-app links: keeps ctrl/cmd-click and middle-click as browser actions. */
export function linkHandler(path: string) {
  return (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(path);
  };
}
