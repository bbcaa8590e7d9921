// The room screen: header (name, join code, leave), people with their video and the media
// controls, the whiteboard, and a side column with the timer, chat and files. Guests see the
// same room but cannot act in it.
import type { RoomConnection, RoomSnapshot } from "./connection";
import { ChatPanel } from "./ChatPanel";
import { FilesPanel } from "./FilesPanel";
import { MediaControls } from "./MediaControls";
import { MediaModeNotice } from "./MediaModeNotice";
import { ParticipantGrid } from "./ParticipantGrid";
import type { RoomMedia } from "./room-media";
import { RoomHeader } from "./RoomHeader";
import { TimerPanel } from "./TimerPanel";
import { Whiteboard } from "./Whiteboard";

interface Props {
  conn: RoomConnection;
  media: RoomMedia;
  snapshot: RoomSnapshot;
}

export function RoomView({ conn, media, snapshot }: Props) {
  const state = snapshot.state!;
  const guest = conn.isGuest;
  const me = state.participants.find((p) => p.user_id === conn.selfId) ?? null;
  const isAdmin = conn.identity.kind === "member" && conn.identity.user.is_admin;
  const canModerate = !guest && (isAdmin || (snapshot.ownerId !== null && snapshot.ownerId === conn.selfId));

  return (
    <div class="room" data-testid="room-view" data-room-id={state.room.id}>
      <RoomHeader conn={conn} state={state} connected={snapshot.connected} />
      {guest && (
        <p class="notice">
          You're here as a guest: you can follow the room, the chat and the board. Sign up to chat, draw and share video.
        </p>
      )}
      <div class="room-layout">
        <section class="people" aria-labelledby="people-title">
          <h2 id="people-title" class="visually-hidden">
            People in the room
          </h2>
          <MediaModeNotice mode={snapshot.mediaMode} />
          <ParticipantGrid
            conn={conn}
            media={media}
            participants={state.participants}
            mediaMode={snapshot.mediaMode}
            canModerate={canModerate}
          />
          {!guest && <MediaControls media={media} me={me} />}
        </section>
        <section class="board" aria-labelledby="board-title">
          <Whiteboard conn={conn} board={snapshot.board} readOnly={guest} />
        </section>
        <aside class="side" aria-label="Timer, chat and files">
          <TimerPanel conn={conn} clock={snapshot.timer} readOnly={guest} />
          <ChatPanel conn={conn} typing={snapshot.typing} readOnly={guest} />
          <FilesPanel conn={conn} files={state.files ?? []} readOnly={guest} />
        </aside>
      </div>
    </div>
  );
}
