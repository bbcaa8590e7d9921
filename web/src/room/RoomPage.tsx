// A room visit from entering to leaving: owns the RoomConnection and RoomMedia, shows
// "Entering…" until the first state arrives, and hands over to the caller (by default the
// lobby) when the visit ends by leaving, a kick or an error.
import { useEffect, useState } from "preact/hooks";
import { useObservable } from "../lib/observable";
import { navigate } from "../lib/router";
import { RoomConnection, type Identity, type Phase } from "./connection";
import { RoomMedia } from "./room-media";
import { RoomView } from "./RoomView";

interface Props {
  roomId: string;
  identity: Identity;
  /** Where to go when the visit ends; default: the lobby. */
  onEnd?: (phase: Phase, code: string | null) => void;
}

export function RoomPage({ roomId, identity, onEnd }: Props) {
  const [visit] = useState(() => {
    const conn = new RoomConnection(roomId, identity);
    return { conn, media: new RoomMedia(conn) };
  });
  const snapshot = useObservable(visit.conn.snapshot);

  useEffect(() => {
    void visit.conn.start();
    return () => {
      void visit.conn.leave();
      visit.media.close();
    };
  }, [visit]);

  const ended = snapshot.phase === "left" || snapshot.phase === "kicked" || snapshot.phase === "failed";
  useEffect(() => {
    if (!ended) return;
    if (onEnd) onEnd(snapshot.phase, snapshot.endCode);
    else navigate("/", { replace: true });
  }, [ended]);

  if (!snapshot.state || snapshot.phase === "entering" || ended) {
    return (
      <section class="panel narrow" aria-busy="true">
        <p role="status">{ended ? "Leaving the room…" : "Entering the room…"}</p>
      </section>
    );
  }
  return <RoomView conn={visit.conn} media={visit.media} snapshot={snapshot} />;
}
