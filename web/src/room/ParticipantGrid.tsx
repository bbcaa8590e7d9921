// The grid of people in the room, you first, each as a ParticipantTile with their video.
import { useObservable } from "../lib/observable";
import type { Participant } from "../lib/types";
import type { RoomConnection } from "./connection";
import { ParticipantTile } from "./ParticipantTile";
import type { RoomMedia } from "./room-media";

interface Props {
  conn: RoomConnection;
  media: RoomMedia;
  participants: Participant[];
  mediaMode: "video" | "audio-only";
  canModerate: boolean;
}

export function ParticipantGrid({ conn, media, participants, mediaMode, canModerate }: Props) {
  const local = useObservable(media.local.state);
  const remote = useObservable(media.remoteStreams);
  const ordered = [
    ...participants.filter((p) => p.user_id === conn.selfId),
    ...participants.filter((p) => p.user_id !== conn.selfId),
  ];
  return (
    <ul class="participant-grid" aria-label={`${participants.length} in the room`}>
      {ordered.map((p) => {
        const self = p.user_id === conn.selfId;
        return (
          <ParticipantTile
            key={p.user_id}
            conn={conn}
            participant={p}
            self={self}
            stream={self ? (local.hasCam ? local.stream : null) : (remote.get(p.user_id) ?? null)}
            showVideo={mediaMode === "video"}
            canModerate={canModerate && !self}
          />
        );
      })}
    </ul>
  );
}
