// One person in the grid: their video (yours is `local-video`, others' `remote-video`), name,
// microphone and camera state, a "muted" badge when a moderator muted them, and mute/remove
// buttons for admins and the room's owner.
import { useState } from "preact/hooks";
import { showError } from "../lib/banner";
import type { Participant } from "../lib/types";
import { StreamAudio, StreamVideo } from "../media/MediaElements";
import type { RoomConnection } from "./connection";
import { CamIcon, MicIcon } from "./icons";

interface Props {
  conn: RoomConnection;
  participant: Participant;
  self: boolean;
  stream: MediaStream | null;
  showVideo: boolean;
  canModerate: boolean;
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return (parts.length > 1 ? parts[0][0] + parts[1][0] : (parts[0] ?? "?").slice(0, 2)).toUpperCase();
}

export function ParticipantTile({ conn, participant: p, self, stream, showVideo, canModerate }: Props) {
  const [busy, setBusy] = useState(false);
  const name = p.user_name || "Someone";
  const muted = p.status === "MUTED";
  const hasVideo = Boolean(stream && stream.getVideoTracks().length > 0);

  async function moderate(action: "mute" | "kick") {
    setBusy(true);
    const problem = await conn.moderate(action, p.user_id);
    setBusy(false);
    if (problem) showError(problem);
  }

  return (
    <li class={`tile ${self ? "self" : ""}`} data-testid="participant" data-user-id={p.user_id}>
      <div class="video-box">
        {showVideo && hasVideo && stream ? (
          <StreamVideo
            stream={stream}
            testId={self ? "local-video" : "remote-video"}
            userId={p.user_id}
            label={self ? "Your camera" : `${name}'s camera`}
            mirrored={self}
          />
        ) : null}
        {(!showVideo || !hasVideo || !p.cam) && (
          <div class="avatar" aria-hidden="true">
            {initials(name)}
          </div>
        )}
        {!self && stream && stream.getAudioTracks().length > 0 && <StreamAudio stream={stream} />}
      </div>
      <div class="tile-bar">
        <span class="tile-name">
          {name}
          {self && <span class="you"> (you)</span>}
        </span>
        <span class="tile-state">
          <span class={`state ${p.mic ? "on" : "off"}`} title={p.mic ? "Microphone on" : "Microphone off"}>
            <MicIcon off={!p.mic} />
            <span class="visually-hidden">{p.mic ? "Microphone on" : "Microphone off"}</span>
          </span>
          <span class={`state ${p.cam ? "on" : "off"}`} title={p.cam ? "Camera on" : "Camera off"}>
            <CamIcon off={!p.cam} />
            <span class="visually-hidden">{p.cam ? "Camera on" : "Camera off"}</span>
          </span>
          {muted && (
            <span class="badge warn" data-testid="participant-muted">
              muted
            </span>
          )}
        </span>
      </div>
      {canModerate && (
        <div class="tile-actions">
          <button
            type="button"
            class="button small secondary"
            data-testid="participant-mute"
            disabled={busy || muted}
            onClick={() => void moderate("mute")}
            aria-label={`Mute ${name}`}
          >
            Mute
          </button>
          <button
            type="button"
            class="button small danger"
            data-testid="participant-kick"
            disabled={busy}
            onClick={() => void moderate("kick")}
            aria-label={`Remove ${name} from the room`}
          >
            Remove
          </button>
        </div>
      )}
    </li>
  );
}
