// Small formatting helpers: timer text, file sizes, clock times and chat content.

/** Seconds as MM:SS (minutes may exceed 59 for long timers). */
export function mmss(totalSeconds: number): string {
  const seconds = Math.max(0, Math.ceil(totalSeconds));
  const minutes = Math.floor(seconds / 60);
  return `${String(minutes).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}`;
}

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function clockTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

/**
 * Chat content as typed. The server stores it HTML-safe by turning three characters into
 * entities (`<` that would open a tag, the `:` of a script scheme, the `=` of an on...=
 * handler); the app shows text, so it decodes exactly those.
 */
export function chatText(content: string): string {
  return content.replace(/&lt;|&#58;|&#61;/g, (entity) =>
    entity === "&lt;" ? "<" : entity === "&#58;" ? ":" : "=",
  );
}
