// The lobby for signed-in people: every public room with live occupancy, a form to create a
// room and a join-code field.
import { navigate } from "../lib/router";
import type { Session } from "../lib/session";
import { CreateRoomForm } from "./CreateRoomForm";
import { JoinCodeForm } from "./JoinCodeForm";
import { RoomList } from "./RoomList";
import { useRooms } from "./use-rooms";

export function Lobby({ session }: { session: Session }) {
  const { rooms, live, problem } = useRooms("/api/rooms", session.token);
  return (
    <div class="lobby">
      <section class="lobby-rooms" aria-labelledby="lobby-title">
        <div class="section-head">
          <h1 id="lobby-title">Study rooms</h1>
          <span class={`live ${live ? "on" : ""}`} role="status">
            {live ? "Live" : "Connecting…"}
          </span>
        </div>
        <RoomList rooms={rooms} problem={problem} onJoin={(room) => navigate(`/rooms/${room.id}`)} />
      </section>
      <aside class="lobby-tools" aria-label="Create or join">
        <CreateRoomForm token={session.token} />
        <JoinCodeForm />
      </aside>
    </div>
  );
}
