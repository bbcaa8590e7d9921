// The list of room cards shared by the member lobby and the guest lobby.
import type { RoomSummary } from "../lib/types";
import { RoomCard } from "./RoomCard";

interface Props {
  rooms: RoomSummary[] | null;
  problem: string | null;
  onJoin: (room: RoomSummary) => void;
}

export function RoomList({ rooms, problem, onJoin }: Props) {
  if (!rooms) return <p role="status">{problem ?? "Loading rooms…"}</p>;
  if (rooms.length === 0) return <p>No rooms yet. Create one!</p>;
  return (
    <ul class="room-list" data-testid="room-list" aria-label="Rooms">
      {rooms.map((room) => (
        <RoomCard key={room.id} room={room} onJoin={onJoin} />
      ))}
    </ul>
  );
}
