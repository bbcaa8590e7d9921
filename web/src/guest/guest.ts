// Guest identities for public rooms: POST /api/public/users makes an anonymous user bound to
// this network address; it is kept in localStorage and reused while its name stays the same.
import { api } from "../lib/api";
import { loadGuest, saveGuest, type Guest } from "../lib/session";
import type { User } from "../lib/types";

export async function guestNamed(name: string): Promise<Guest> {
  const trimmed = name.trim();
  const existing = loadGuest();
  if (existing && existing.name === trimmed) return existing;
  const { user } = await api.post<{ user: User }>("/api/public/users", { name: trimmed });
  const guest = { id: user.id, name: user.name };
  saveGuest(guest);
  return guest;
}

export function forgetGuest(): void {
  saveGuest(null);
}
