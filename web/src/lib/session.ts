// The signed-in user and their JWT, kept in localStorage so a reload (of /rooms/:id too)
// carries on without logging in again; and the anonymous guest identity for public rooms.
import { Observable } from "./observable";
import type { User } from "./types";

export interface Session {
  token: string;
  user: User;
}

const SESSION_KEY = "carrel.session";
const GUEST_KEY = "carrel.guest";

function readJson<T>(key: string): T | null {
  try {
    const text = localStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}

function writeJson(key: string, value: unknown): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // storage full or disabled: the session lasts until the tab closes
  }
}

function validSession(value: Session | null): Session | null {
  return value && typeof value.token === "string" && value.user?.id ? value : null;
}

export const session = new Observable<Session | null>(validSession(readJson<Session>(SESSION_KEY)));

session.subscribe((value) => writeJson(SESSION_KEY, value));

export function signIn(value: Session): void {
  session.set(value);
}

export function signOut(): void {
  session.set(null);
}

/** An anonymous user from POST /api/public/users; bound to the IP it was made from. */
export interface Guest {
  id: string;
  name: string;
}

export function loadGuest(): Guest | null {
  const guest = readJson<Guest>(GUEST_KEY);
  return guest && typeof guest.id === "string" && typeof guest.name === "string" ? guest : null;
}

export function saveGuest(guest: Guest | null): void {
  writeJson(GUEST_KEY, guest);
}

// Another tab signing in or out applies here too.
window.addEventListener("storage", (event) => {
  if (event.key === SESSION_KEY) session.set(validSession(readJson<Session>(SESSION_KEY)));
});
