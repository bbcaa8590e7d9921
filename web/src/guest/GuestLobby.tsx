// The guest lobby (/public): public rooms with live occupancy, entered with only a display
// name, no account.
import { useState } from "preact/hooks";
import { describeError } from "../lib/messages";
import { linkHandler, navigate } from "../lib/router";
import { loadGuest } from "../lib/session";
import type { RoomSummary } from "../lib/types";
import { RoomList } from "../lobby/RoomList";
import { useRooms } from "../lobby/use-rooms";
import { guestNamed } from "./guest";
import { GuestNameField } from "./GuestNameField";

export function GuestLobby() {
  const { rooms, problem } = useRooms("/api/public/rooms");
  const [name, setName] = useState(loadGuest()?.name ?? "");
  const [nameProblem, setNameProblem] = useState<string | null>(null);

  async function join(room: RoomSummary) {
    if (!name.trim()) {
      setNameProblem("Enter a display name first.");
      document.getElementById("guest-name")?.focus();
      return;
    }
    try {
      await guestNamed(name);
      navigate(`/public/rooms/${room.id}`);
    } catch (err) {
      setNameProblem(describeError(err));
    }
  }

  return (
    <div class="lobby">
      <section class="lobby-rooms" aria-labelledby="guest-title">
        <h1 id="guest-title">Public rooms</h1>
        <p class="lead">
          Join as a guest with just a name. Guests see and read everything; <a href="/" onClick={linkHandler("/")}>sign up</a> to chat, draw and share video.
        </p>
        <form class="panel" onSubmit={(e) => e.preventDefault()}>
          <GuestNameField value={name} onInput={(v) => { setName(v); setNameProblem(null); }} problem={nameProblem} />
        </form>
        <RoomList rooms={rooms} problem={problem} onJoin={(room) => void join(room)} />
      </section>
    </div>
  );
}
