// Microphone and camera toggles (aria-pressed while on), the "turn on sound" button when the
// browser held back remote audio, and why there is no camera when there is none.
import { useState } from "preact/hooks";
import { showError } from "../lib/banner";
import { messageFor } from "../lib/messages";
import { useObservable } from "../lib/observable";
import type { Participant } from "../lib/types";
import { soundBlocked, unlockSound } from "../media/audio-unlock";
import type { RoomMedia } from "./room-media";

export function MediaControls({ media, me }: { media: RoomMedia; me: Participant | null }) {
  const local = useObservable(media.local.state);
  const blocked = useObservable(soundBlocked);
  const [busy, setBusy] = useState(false);
  const mutedByModerator = me?.status === "MUTED";

  async function toggleMic() {
    if (!local.mic && mutedByModerator) return showError(messageFor("MUTED"));
    setBusy(true);
    const problem = await media.setMic(!local.mic);
    setBusy(false);
    if (problem) showError(problem);
  }

  async function toggleCam() {
    setBusy(true);
    const problem = await media.setCam(!local.cam);
    setBusy(false);
    if (problem) showError(problem);
  }

  return (
    <div class="media-controls" role="group" aria-label="Your microphone and camera">
      <button
        type="button"
        class={`toggle ${local.mic ? "on" : ""}`}
        data-testid="toggle-mic"
        aria-pressed={local.mic ? "true" : "false"}
        disabled={busy || !local.hasMic}
        onClick={() => void toggleMic()}
        title={mutedByModerator ? "A moderator muted you" : undefined}
      >
        {local.mic ? "Microphone on" : "Microphone off"}
      </button>
      <button
        type="button"
        class={`toggle ${local.cam ? "on" : ""}`}
        data-testid="toggle-cam"
        aria-pressed={local.cam ? "true" : "false"}
        disabled={busy || !local.hasCam}
        onClick={() => void toggleCam()}
      >
        {local.cam ? "Camera on" : "Camera off"}
      </button>
      {blocked && (
        <button type="button" class="button secondary" onClick={unlockSound}>
          Turn on sound
        </button>
      )}
      {mutedByModerator && <p class="hint">A moderator muted you.</p>}
      {local.problem && <p class="hint">{local.problem}</p>}
    </div>
  );
}
