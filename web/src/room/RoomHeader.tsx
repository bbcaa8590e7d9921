// The room's title bar: name, occupancy, join code with a copy-link button, connection state
// and the leave button.
import { useState } from "preact/hooks";
import type { RoomState } from "../lib/types";
import type { RoomConnection } from "./connection";

interface Props {
  conn: RoomConnection;
  state: RoomState;
  connected: boolean;
}

export function RoomHeader({ conn, state, connected }: Props) {
  const [copied, setCopied] = useState(false);
  const { room } = state;
  const link = `${location.origin}/join/${room.join_code}`;

  async function copy() {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
      window.setTimeout(() => setCopied(false), 2000);
    } catch {
      window.prompt("Copy this invitation link:", link);
    }
  }

  return (
    <header class="room-head">
      <div class="room-title">
        <h1>{room.name}</h1>
        <p class="room-meta">
          <span>
            {room.current_occupancy}/{room.capacity} here
          </span>
          <span class="dot" aria-hidden="true">·</span>
          <span>
            Join code <code data-testid="room-join-code">{room.join_code}</code>
          </span>
          {!conn.isGuest && (
            <button type="button" class="link-button" onClick={copy}>
              {copied ? "Link copied" : "Copy invitation link"}
            </button>
          )}
          <span class={`live ${connected ? "on" : ""}`} role="status">
            {connected ? "Connected" : "Reconnecting…"}
          </span>
        </p>
      </div>
      <button type="button" class="button danger" data-testid="leave-room" onClick={() => void conn.leave()}>
        Leave room
      </button>
    </header>
  );
}
