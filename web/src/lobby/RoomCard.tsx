// One room in a lobby list: name, live occupancy ("3/50") and a join button.
import type { RoomSummary } from "../lib/types";

export function RoomCard({ room, onJoin }: { room: RoomSummary; onJoin: (room: RoomSummary) => void }) {
  const full = room.current_occupancy >= room.capacity;
  const titleId = `room-title-${room.id}`;
  return (
    <li class="room-card" data-testid="room-card" data-room-id={room.id} data-room-name={room.name} aria-labelledby={titleId}>
      <h3 id={titleId}>{room.name}</h3>
      <p class="room-meta">
        <span class="occupancy" aria-label={`${room.current_occupancy} of ${room.capacity} places taken`}>
          <span data-testid="room-occupancy">{`${room.current_occupancy}/${room.capacity}`}</span>
        </span>
        <span class="dot" aria-hidden="true">·</span>
        <span>{room.media_topology === "mesh" ? "small group" : "large room"}</span>
        {full && <span class="badge warn">full</span>}
      </p>
      <button type="button" class="button" data-testid="room-join" onClick={() => onJoin(room)} aria-label={`Join ${room.name}`}>
        Join
      </button>
    </li>
  );
}
