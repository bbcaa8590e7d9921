// Says whether the room has video or is audio-only, and why (the server degrades crowded
// rooms to audio to keep everyone connected). Always present in a room.
export function MediaModeNotice({ mode }: { mode: "video" | "audio-only" }) {
  return (
    <p class={`media-mode ${mode}`} data-testid="media-mode" data-mode={mode} role="status">
      {mode === "audio-only"
        ? "Audio only: this room is crowded, so video is paused to keep everyone connected."
        : "Video on"}
    </p>
  );
}
