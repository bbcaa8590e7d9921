// /public/rooms/:id for guests: with a stored guest identity it enters the room at once
// (so a reload comes back), otherwise it asks for a display name first.
import { useState } from "preact/hooks";
import { describeError } from "../lib/messages";
import { navigate } from "../lib/router";
import { loadGuest, type Guest } from "../lib/session";
import { RoomPage } from "../room/RoomPage";
import { forgetGuest, guestNamed } from "./guest";
import { GuestNameField } from "./GuestNameField";

export function GuestRoomPage({ roomId }: { roomId: string }) {
  const [guest, setGuest] = useState<Guest | null>(loadGuest());
  const [name, setName] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  if (guest) {
    return (
      <RoomPage
        roomId={roomId}
        identity={{ kind: "guest", guest }}
        onEnd={(_phase, code) => {
          if (code === "INVALID_USER") {
            // The guest pass no longer works (e.g. another network): ask for a name again.
            forgetGuest();
            setGuest(null);
            return;
          }
          navigate("/public", { replace: true });
        }}
      />
    );
  }

  async function onSubmit(event: Event) {
    event.preventDefault();
    if (!name.trim()) return setProblem("Enter a display name first.");
    try {
      setGuest(await guestNamed(name));
    } catch (err) {
      setProblem(describeError(err));
    }
  }

  return (
    <section class="panel narrow">
      <h1>Join as a guest</h1>
      <form onSubmit={onSubmit} noValidate>
        <GuestNameField value={name} onInput={setName} problem={problem} />
        <button type="submit" class="button" data-testid="guest-join">
          Enter the room
        </button>
      </form>
    </section>
  );
}
