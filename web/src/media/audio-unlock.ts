// Browsers may refuse to play sound before the person has interacted with the page (e.g.
// right after a reload). Remote audio elements register here; when playing is refused, the
// room shows a "Turn on sound" button that plays them all from a click.
import { Observable } from "../lib/observable";

const elements = new Set<HTMLMediaElement>();
export const soundBlocked = new Observable(false);

export function playAudio(element: HTMLMediaElement): void {
  elements.add(element);
  element.play().catch((err: unknown) => {
    if (err instanceof DOMException && err.name === "NotAllowedError") soundBlocked.set(true);
  });
}

export function forgetAudio(element: HTMLMediaElement): void {
  elements.delete(element);
}

export function unlockSound(): void {
  soundBlocked.set(false);
  for (const element of elements) playAudio(element);
}
