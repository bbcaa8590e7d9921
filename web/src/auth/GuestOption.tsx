// On an invitation (/rooms/:id or /join/:code) while logged out: when the room is public, a
// button to enter it as a guest under the name typed in the form, without an account.
import { useEffect, useState } from "preact/hooks";
import { forgetGuest, guestNamed } from "../guest/guest";
import { api } from "../lib/api";
import { describeError } from "../lib/messages";
import { navigate } from "../lib/router";
import type { RoomDetails } from "../lib/types";
import { resolveJoinCode } from "../lobby/JoinCodeForm";

export interface Invitation {
  roomId?: string;
  code?: string;
}

interface Props {
  invitation: Invitation;
  name: string;
  onProblem: (problem: string | null) => void;
}

export function GuestOption({ invitation, name, onProblem }: Props) {
  const [room, setRoom] = useState<RoomDetails | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let stop = false;
    (async () => {
      const id = invitation.roomId ?? (invitation.code ? await resolveJoinCode(invitation.code.toUpperCase()) : null);
      if (!id) return;
      const details = await api.get<{ room: RoomDetails }>(`/api/rooms/${encodeURIComponent(id)}`);
      if (!stop && details.room.is_public) setRoom(details.room);
    })().catch(() => {
      // an unknown room: the form alone is shown; entering will say why
    });
    return () => {
      stop = true;
    };
  }, [invitation.roomId, invitation.code]);

  if (!room) return null;

  async function join() {
    if (!name.trim()) {
      onProblem("Enter your name to join as a guest.");
      document.getElementById("auth-name")?.focus();
      return;
    }
    setBusy(true);
    onProblem(null);
    try {
      forgetGuest();
      await guestNamed(name);
      navigate(`/public/rooms/${room!.id}`);
    } catch (err) {
      onProblem(describeError(err));
      setBusy(false);
    }
  }

  return (
    <div class="guest-option">
      <p>
        No account? <strong>{room.name}</strong> is public: join it as a guest with only your name.
      </p>
      <button type="button" class="button secondary" data-testid="room-join" disabled={busy} onClick={() => void join()}>
        {busy ? "Joining…" : "Join as a guest"}
      </button>
    </div>
  );
}
